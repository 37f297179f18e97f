package io.incidentledger.query;

import io.incidentledger.query.config.FlakyIncidentHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What every Spring test of this module adds to the application, declared once so that every test class
 * gets the same (cached) context: a clock the tests move, and an extra event handler that can be told to
 * fail on a chosen event.
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryTestConfiguration {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Bean
    FlakyIncidentHandler flakyIncidentHandler() {
        return new FlakyIncidentHandler();
    }
}
