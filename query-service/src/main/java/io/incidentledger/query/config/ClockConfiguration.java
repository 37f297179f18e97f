package io.incidentledger.query.config;

import io.incidentledger.query.asof.ReadingClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /**
     * One clock for "now" (open incidents run to it), replaceable in tests. A reading clock, so that an
     * {@code asOf} request's "now" is the instant it reads as of.
     */
    @Bean
    Clock clock() {
        return ReadingClock.over(Clock.systemUTC());
    }
}
