package io.incidentledger.query.subscription;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.incidentledger.web.Problems;
import io.incidentledger.web.Refusal;

/**
 * How many subscriptions one client address may make: a bucket4j token bucket per address, so that one client
 * cannot fill the table or flood mailboxes with confirmations. On PostgreSQL (the scale-out topology) the buckets
 * live in subscription_rate_bucket (bucket4j's select-for-update proxy manager, as command-service's write rate),
 * so every instance counts one client together; each consumption is one short transaction on the client's row, and
 * one instance's consumptions for a client take turns in memory first, so nobody holds a pooled connection while
 * queueing behind a request of the same instance. On the embedded H2 default (one instance) they are in memory:
 * at most {@link #MAX_CLIENTS} buckets; past that, newcomers share one, so a flood from many addresses throttles
 * itself.
 */
@Component
class SubscriptionRate implements SmartLifecycle {

    static final int MAX_CLIENTS = 10_000;

    private final int burst;
    private final int perHour;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> shared;
    private final ReentrantLock[] turns = new ReentrantLock[64];
    private ScheduledExecutorService cleaner;

    SubscriptionRate(@Value("${incident-ledger.subscriptions.rate.burst:5}") int burst,
                     @Value("${incident-ledger.subscriptions.rate.per-hour:20}") int perHour,
                     DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
        this.burst = burst;
        this.perHour = perHour;
        this.overflow = newBucket();
        this.shared = url.startsWith("jdbc:postgresql:")
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("subscription_rate_bucket")
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ofHours(1)))
                        .build()
                : null;
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /**
     * Deletes the PostgreSQL rows of clients whose allowance has been full again for a while (bucket4j stamps each
     * row with when that is): one row per client address ever seen would otherwise stay for good.
     */
    int removeExpired() {
        if (shared == null) {
            return 0;
        }
        int removed = 0;
        for (int batch; (batch = shared.removeExpired(1000)) > 0; ) {
            removed += batch;
        }
        return removed;
    }

    @Override
    public synchronized void start() {
        if (shared == null) {
            return;
        }
        cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "subscription-rate-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(() -> {
            try {
                removeExpired();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SubscriptionRate.class).debug("Removing expired rate buckets failed", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void stop() {
        if (cleaner != null) {
            cleaner.shutdownNow();
            cleaner = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return cleaner != null;
    }

    /** Spends one subscription of {@code client}'s allowance, or refuses with a 429 saying when to come back. */
    void spend(String client) {
        ConsumptionProbe probe = consume(client);
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

    private ConsumptionProbe consume(String client) {
        if (shared == null) {
            return bucketOf(client).tryConsumeAndReturnRemaining(1);
        }
        ReentrantLock turn = turns[Math.floorMod(client.hashCode(), turns.length)];
        turn.lock();
        try {
            return shared.builder().build(client, this::configuration).tryConsumeAndReturnRemaining(1);
        } finally {
            turn.unlock();
        }
    }

    private BucketConfiguration configuration() {
        return BucketConfiguration.builder().addLimit(limit()).build();
    }

    private Bandwidth limit() {
        return Bandwidth.builder().capacity(burst).refillGreedy(perHour, Duration.ofHours(1)).build();
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
        return Bucket.builder().addLimit(limit()).build();
    }
}
