package io.incidentledger.command.inputguard;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import io.incidentledger.web.FilterOrder;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Guards the API against hostile volume before any parsing: a charset nobody can decode, the body size, and the
 * per-client write rate (in the order of {@link FilterOrder}). Field lengths, collection sizes and
 * characters are the request records' business (Bean Validation); JSON nesting depth and string length are
 * Jackson's ({@code spring.jackson.factory.constraints.read.*}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RequestLimitsConfiguration.class);

    @Bean
    @ConditionalOnBooleanProperty(name = "incident-ledger.limits.write-rate.enabled", matchIfMissing = true)
    FilterRegistrationBean<WriteRateLimitFilter> writeRateLimit(RequestLimits limits, ClientBuckets buckets) {
        var registration = new FilterRegistrationBean<>(new WriteRateLimitFilter(limits.writeRate(), buckets));
        registration.addUrlPatterns("/api/*");
        // A request without a valid credential never gets this far: the chain refuses it with a cheap 401.
        registration.setOrder(FilterOrder.WRITE_RATE);
        return registration;
    }

    /**
     * One limit per client however many instances serve it: on PostgreSQL (the scale-out topology) the buckets
     * live in the database; on the embedded H2 default, which one command-service instance serves, in memory.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "incident-ledger.limits.write-rate.enabled", matchIfMissing = true)
    ClientBuckets clientBuckets(RequestLimits limits, DataSource dataSource,
                                @Value("${spring.datasource.url:}") String url) {
        WriteRateLimitFilter.checkRate(limits.writeRate());
        return url.startsWith("jdbc:postgresql:") ? new ClientBuckets.InPostgres(dataSource, limits.writeRate())
                : new ClientBuckets.InMemory(limits.writeRate());
    }

    /** Buckets that are full again say nothing a new one would not: forgotten once a minute. */
    @Bean
    @ConditionalOnBooleanProperty(name = "incident-ledger.limits.write-rate.enabled", matchIfMissing = true)
    SchedulingConfigurer idleBucketSweep(ClientBuckets buckets) {
        return registrar -> registrar.addFixedDelayTask(() -> {
            try {
                buckets.forgetIdle();
            } catch (RuntimeException e) {
                log.warn("could not forget idle write-rate buckets; retried in a minute: {}", e.toString());
            }
        }, Duration.ofMinutes(1));
    }

    @Bean
    FilterRegistrationBean<RequestCharsetFilter> requestCharset() {
        var registration = new FilterRegistrationBean<>(new RequestCharsetFilter());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(FilterOrder.REQUEST_CHARSET);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(RequestLimits limits) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(limits));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(FilterOrder.BODY_SIZE);
        return registration;
    }
}
