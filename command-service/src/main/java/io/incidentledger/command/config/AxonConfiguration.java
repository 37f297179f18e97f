package io.incidentledger.command.config;

import io.incidentledger.command.component.Component;
import io.incidentledger.command.incident.EffectiveTimePolicy;
import io.incidentledger.command.incident.Incident;
import io.incidentledger.command.web.Commands;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * Aggregates are registered here rather than with Axon's Spring stereotype, so that the domain classes
     * carry no Spring annotation at all.
     */
    @Bean
    ConfigurerModule aggregates() {
        return configurer -> configurer
                .configureAggregate(Component.class)
                .configureAggregate(Incident.class);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EffectiveTimePolicy effectiveTimePolicy(Clock clock, TimeProperties properties) {
        return new EffectiveTimePolicy(clock, properties.maxFutureSkew());
    }

    /** Correlation and trace ids (Axon's default) plus the acting principal, copied from command to events. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actingPrincipal() {
        return new SimpleCorrelationDataProvider(Commands.ACTOR);
    }

    /** @param maxFutureSkew how far in the future an effective time may lie (clock drift allowance) */
    @ConfigurationProperties("incident-ledger.time")
    record TimeProperties(Duration maxFutureSkew) {
        TimeProperties {
            maxFutureSkew = maxFutureSkew != null ? maxFutureSkew : Duration.ofMinutes(5);
        }
    }
}
