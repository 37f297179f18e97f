package io.incidentledger.command.dispatch;

import io.incidentledger.events.MetaDataKeys;
import io.incidentledger.store.DatabaseFailures;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** What every command shares on its way to the event store, whichever feature sends it. */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EffectiveTimePolicy effectiveTimePolicy(Clock clock, TimeProperties properties) {
        return new EffectiveTimePolicy(clock, properties.maxFutureSkew());
    }

    /** @param maxFutureSkew how far in the future an effective time may lie (clock drift allowance) */
    @ConfigurationProperties("incident-ledger.time")
    record TimeProperties(Duration maxFutureSkew) {
        TimeProperties {
            maxFutureSkew = maxFutureSkew != null ? maxFutureSkew : Duration.ofMinutes(5);
        }
    }

    /** Correlation and trace ids (Axon's default) plus the acting principal, copied from command to events. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actingPrincipal() {
        return new SimpleCorrelationDataProvider(MetaDataKeys.ACTOR);
    }

    /**
     * How Axon's event store recognises a lost race for an aggregate's next sequence number, which it then raises
     * as a {@code ConcurrencyException} (or, for a new aggregate's first event, an
     * {@code AggregateStreamCreationException}). Axon's default resolver looks for
     * {@link java.sql.SQLIntegrityConstraintViolationException}, which H2 throws and PostgreSQL's driver never
     * does; the SQL standard's unique-violation state is the same on both.
     */
    @Bean
    StaleVersionsFirst staleVersionsFirst() {
        return new StaleVersionsFirst();
    }

    @Bean
    PersistenceExceptionResolver uniqueViolations() {
        return DatabaseFailures::isUniqueViolation;
    }
}
