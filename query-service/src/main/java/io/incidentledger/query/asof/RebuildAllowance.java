package io.incidentledger.query.asof;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many past moments one client may have rebuilt: a token bucket per client address (bucket4j), spent only
 * when an {@code asOf} answer needs a build. Kept in this instance's memory on purpose: what it protects is this
 * instance's CPU and memory, which a build on another instance does not spend; behind a load balancer a client
 * gets at most the allowance once per instance, and every instance stays protected. At most
 * {@link #MAX_CLIENTS} buckets; past that, newcomers share one, so a flood from many addresses throttles itself.
 */
final class RebuildAllowance {

    static final int MAX_CLIENTS = 10_000;

    private final AsOfProperties properties;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    RebuildAllowance(AsOfProperties properties) {
        this.properties = properties;
        this.overflow = newBucket();
    }

    /** Spends one rebuild of {@code client}'s allowance, or refuses with a 429 saying when to come back. */
    void spend(String client) {
        ConsumptionProbe probe = bucketOf(client).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        Refusal refusal = Problems.refusal(HttpStatus.TOO_MANY_REQUESTS, "as-of-rate-limited",
                "Too many past moments", "this client may have " + properties.buildsPerMinute()
                        + " past moments rebuilt per minute (" + properties.burst() + " at once); moments already "
                        + "shown are not counted; retry after " + retryAfter + " s");
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        throw refusal;
    }

    private Bucket bucketOf(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.values().removeIf(full -> full.getAvailableTokens() >= properties.burst());
            if (buckets.size() >= MAX_CLIENTS) {
                return overflow;
            }
        }
        return buckets.computeIfAbsent(client, key -> newBucket());
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(properties.burst())
                .refillGreedy(properties.buildsPerMinute(), Duration.ofMinutes(1)).build()).build();
    }
}
