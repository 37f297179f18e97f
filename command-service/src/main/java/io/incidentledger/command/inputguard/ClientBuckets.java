package io.incidentledger.command.inputguard;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/** Where each client's write-rate token bucket lives. */
interface ClientBuckets {

    /** Takes one token from the bucket of {@code client} (its principal or address), if it has one. */
    ConsumptionProbe tryConsume(String client);

    /** Forgets buckets that no longer say anything (full again); returns how many, where that is counted. */
    default int forgetIdle() {
        return 0;
    }

    static BucketConfiguration configuration(RequestLimits.WriteRate rate) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rate.burst())
                        .refillGreedy(rate.perSecond(), Duration.ofSeconds(1)).build())
                .build();
    }

    /**
     * In this instance's memory: right for the embedded H2 default, which one instance serves (both services
     * share its file, but only command-service takes writes). At most {@code maxClients} buckets; past that, the
     * newcomers (a flood from many addresses) share one, so memory stays bounded and the flood throttles itself.
     */
    final class InMemory implements ClientBuckets {

        private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

        private final RequestLimits.WriteRate rate;
        private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
        private final Bucket overflow;
        private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

        InMemory(RequestLimits.WriteRate rate) {
            this.rate = rate;
            this.overflow = newBucket();
        }

        @Override
        public ConsumptionProbe tryConsume(String client) {
            return bucketOf(client).tryConsumeAndReturnRemaining(1);
        }

        private Bucket bucketOf(String client) {
            Bucket bucket = buckets.get(client);
            if (bucket != null) {
                return bucket;
            }
            if (buckets.size() >= rate.maxClients()) {
                sweepAtMostOnceASecond();
                if (buckets.size() >= rate.maxClients()) {
                    return overflow;
                }
            }
            return buckets.computeIfAbsent(client, key -> newBucket());
        }

        /** A full bucket says nothing a new one would not: dropping it forgets nothing. */
        @Override
        public int forgetIdle() {
            int before = buckets.size();
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= rate.burst());
            return before - buckets.size();
        }

        private void sweepAtMostOnceASecond() {
            long last = lastSweep.get();
            long now = System.nanoTime();
            if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
                forgetIdle();
            }
        }

        private Bucket newBucket() {
            return Bucket.builder().addLimit(configuration(rate).getBandwidths()[0]).build();
        }
    }

    /**
     * In PostgreSQL, one row per client in {@code write_rate_bucket}, so a client has one bucket however many
     * instances it reaches (bucket4j's select-for-update proxy manager: each consumption is one short transaction
     * that locks the client's row, reads its state and writes it back). On one instance, one client's
     * consumptions take turns in memory before they take a connection, so at most one transaction per instance
     * waits for a client's row, for the millisecond or two another instance's read-modify-write takes; nobody
     * holds a pooled connection while queueing behind a request of the same instance. (bucket4j's own batching
     * optimisation would do that too, but in 8.14 it fails with BucketNotFoundException once a row has expired.)
     * A row expires once its bucket would be full again and is purged by {@link #forgetIdle}.
     */
    final class InPostgres implements ClientBuckets {

        private static final int PURGE_BATCH = 1000;
        /** Enough that unrelated clients rarely share a turn; a lock is a few dozen bytes. */
        private static final int TURNS = 256;

        private final BucketConfiguration configuration;
        private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
        private final ReentrantLock[] turns = new ReentrantLock[TURNS];

        InPostgres(DataSource dataSource, RequestLimits.WriteRate rate) {
            this.configuration = configuration(rate);
            Duration refill = Duration.ofMillis(Math.max(1000, rate.burst() * 1000 / rate.perSecond()));
            this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("write_rate_bucket")
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(refill))
                    .build();
            for (int i = 0; i < TURNS; i++) {
                turns[i] = new ReentrantLock();
            }
        }

        @Override
        public ConsumptionProbe tryConsume(String client) {
            ReentrantLock turn = turns[Math.floorMod(client.hashCode(), TURNS)];
            turn.lock();
            try {
                return proxies.builder().build(client, () -> configuration).tryConsumeAndReturnRemaining(1);
            } finally {
                turn.unlock();
            }
        }

        @Override
        public int forgetIdle() {
            int purged = 0;
            int batch;
            do {
                batch = proxies.removeExpired(PURGE_BATCH);
                purged += batch;
            } while (batch == PURGE_BATCH);
            return purged;
        }
    }
}
