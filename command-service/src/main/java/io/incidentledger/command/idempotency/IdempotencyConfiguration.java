package io.incidentledger.command.idempotency;

import io.incidentledger.web.FilterOrder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyConfiguration(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(keys, properties, clock, json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(FilterOrder.IDEMPOTENCY);
        return registration;
    }

    /** Keys past their retention are deleted every purge interval; the lookup ignores them meanwhile. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::purge, properties.purgeInterval(),
                properties.purgeInterval()));
    }

    void purge() {
        int purged = keys.purge(clock.instant());
        if (purged > 0) {
            log.info("purged {} idempotency keys older than {}", purged, properties.retention());
        }
    }
}
