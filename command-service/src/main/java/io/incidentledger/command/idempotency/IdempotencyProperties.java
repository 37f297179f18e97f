package io.incidentledger.command.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param retention     how long an answer is kept for retries with the same key (at least 24 hours by default)
 * @param purgeInterval how often keys past their retention are deleted
 * @param claimTimeout  how long a request may hold its key before acting; past it, a retry takes over the claim
 *                      (of a request that died, or one so slow that its client retried), and the old request can
 *                      no longer act. Short, so that a retry after a crash is not refused for long; far longer
 *                      than a command takes even under load (milliseconds to a second).
 */
@ConfigurationProperties("incident-ledger.idempotency")
record IdempotencyProperties(Duration retention, Duration purgeInterval, Duration claimTimeout) {

    IdempotencyProperties {
        retention = retention != null ? retention : Duration.ofHours(24);
        purgeInterval = purgeInterval != null ? purgeInterval : Duration.ofHours(1);
        claimTimeout = claimTimeout != null ? claimTimeout : Duration.ofSeconds(10);
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()
                || claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("incident-ledger.idempotency.retention, purge-interval and "
                    + "claim-timeout must be positive durations");
        }
    }
}
