package io.incidentledger.query.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** One clock for "now" (open incidents run to it), replaceable in tests. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
