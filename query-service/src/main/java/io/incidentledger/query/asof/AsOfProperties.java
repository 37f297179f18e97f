package io.incidentledger.query.asof;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What an {@code asOf} answer may cost ({@code incident-ledger.as-of.*}).
 *
 * @param buildDeadline      how long a past moment may take to rebuild, its wait for its turn included; beyond it the
 *                           request is answered 503 with {@code Retry-After} (default 10 s)
 * @param buildsPerMinute    how many moments one client (by address) may have rebuilt per minute; answers from a kept
 *                           snapshot are not counted (default 30)
 * @param burst              how many of those it may ask for at once (default 10)
 */
@ConfigurationProperties("incident-ledger.as-of")
public record AsOfProperties(Duration buildDeadline, Integer buildsPerMinute, Integer burst) {

    public AsOfProperties {
        buildDeadline = buildDeadline != null ? buildDeadline : Duration.ofSeconds(10);
        buildsPerMinute = buildsPerMinute != null ? buildsPerMinute : 30;
        burst = burst != null ? burst : 10;
        if (buildDeadline.isNegative() || buildDeadline.isZero() || buildsPerMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("incident-ledger.as-of: build-deadline, builds-per-minute and burst "
                    + "must be positive");
        }
    }
}
