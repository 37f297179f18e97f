package io.incidentledger.command.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the API against hostile volume before any parsing: first the per-client write rate (cheapest to
 * refuse), then a charset nobody can decode, then the body size. Field lengths, collection sizes and
 * characters are the request records' business (Bean Validation); JSON nesting depth and string length are
 * Jackson's ({@code spring.jackson.factory.constraints.read.*}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "incident-ledger.limits.write-rate.enabled", matchIfMissing = true)
    FilterRegistrationBean<WriteRateLimitFilter> writeRateLimit(RequestLimits limits, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new WriteRateLimitFilter(limits.writeRate(), json));
        registration.addUrlPatterns("/api/*");
        // After Spring Security's chain (-100), so a client is its authenticated principal wherever it connects
        // from; before the Idempotency-Key filter (0), so a throttled request claims no key. A request without
        // a valid credential never gets this far: the chain refuses it with a cheap 401.
        registration.setOrder(-50);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestCharsetFilter> requestCharset(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new RequestCharsetFilter(json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(RequestLimits limits, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(limits, json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
