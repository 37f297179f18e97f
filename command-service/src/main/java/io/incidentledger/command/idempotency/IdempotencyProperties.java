package io.incidentledger.command.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param retention     how long an answer is kept for retries with the same key (at least 24 hours by default)
 * @param purgeInterval how often keys past their retention are deleted
 */
@ConfigurationProperties("incident-ledger.idempotency")
record IdempotencyProperties(Duration retention, Duration purgeInterval) {

    IdempotencyProperties {
        retention = retention != null ? retention : Duration.ofHours(24);
        purgeInterval = purgeInterval != null ? purgeInterval : Duration.ofHours(1);
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("incident-ledger.idempotency.retention and purge-interval must be "
                    + "positive durations");
        }
    }
}
