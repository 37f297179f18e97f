package io.incidentledger.query.subscription;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;

/**
 * How many subscriptions one client address may make: a bucket4j token bucket per address, so that one client
 * cannot fill the table or flood mailboxes with confirmations. Held in memory here, which is right for the embedded
 * H2 default (one instance); on PostgreSQL behind a load balancer the buckets belong in subscription_rate_bucket
 * (bucket4j's PostgreSQL proxy manager) so that every instance counts one client together: NOT YET WIRED.
 * At most {@link #MAX_CLIENTS} buckets; past that, newcomers share one, so a flood from many addresses throttles
 * itself.
 */
@Component
class SubscriptionRate {

    static final int MAX_CLIENTS = 10_000;

    private final int burst;
    private final int perHour;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    SubscriptionRate(@Value("${incident-ledger.subscriptions.rate.burst:5}") int burst,
                     @Value("${incident-ledger.subscriptions.rate.per-hour:20}") int perHour) {
        this.burst = burst;
        this.perHour = perHour;
        this.overflow = newBucket();
    }

    /** Spends one subscription of {@code client}'s allowance, or refuses with a 429 saying when to come back. */
    void spend(String client) {
        ConsumptionProbe probe = bucketOf(client).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        Refusal refusal = Problems.refusal(HttpStatus.TOO_MANY_REQUESTS, "subscription-rate-limited",
                "Too many subscriptions", "this client may subscribe " + perHour + " times an hour (" + burst
                        + " at once); retry after " + retryAfter + " s");
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        throw refusal;
    }

    private Bucket bucketOf(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.values().removeIf(full -> full.getAvailableTokens() >= burst);
            if (buckets.size() >= MAX_CLIENTS) {
                return overflow;
            }
        }
        return buckets.computeIfAbsent(client, key -> newBucket());
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                .refillGreedy(perHour, Duration.ofHours(1)).build()).build();
    }
}
