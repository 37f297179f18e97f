package io.incidentledger.command.idempotency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code idempotency_key} table. Every write joins the caller's transaction (the one that appends the
 * command's events); reads outside a transaction see only committed answers.
 */
@Repository
class IdempotencyKeys {

    /** A key as the client sent it, in the scope of the principal who sent it. */
    record ScopedKey(String principal, String key) {
    }

    /** A committed answer and the fingerprint of the request that earned it. */
    record Entry(String fingerprint, RecordedResponse response) {
    }

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded answer for {@code key}, unless it has expired by {@code now} (purged or not). */
    Optional<Entry> find(ScopedKey key, Instant now) {
        return jdbc.sql("""
                        SELECT fingerprint, response_status, response_content_type, response_location, response_etag,
                               response_body
                        FROM idempotency_key
                        WHERE principal = ? AND idempotency_key = ? AND expires_at > ? AND response_status IS NOT NULL""")
                .param(key.principal()).param(key.key()).param(utc(now))
                .query((rs, row) -> new Entry(rs.getString(1), new RecordedResponse(rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBytes(6))))
                .optional();
    }

    /**
     * Claims {@code key} for a request in the current transaction, replacing an expired row the purge has not
     * removed yet. Throws {@link org.springframework.dao.DuplicateKeyException} if another transaction holds
     * or has committed it; on PostgreSQL the insert first waits for a transaction still holding it.
     */
    void claim(ScopedKey key, String fingerprint, Instant now, Instant expiresAt) {
        jdbc.sql("DELETE FROM idempotency_key WHERE principal = ? AND idempotency_key = ? AND expires_at <= ?")
                .param(key.principal()).param(key.key()).param(utc(now)).update();
        jdbc.sql("""
                        INSERT INTO idempotency_key (principal, idempotency_key, fingerprint, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .param(key.principal()).param(key.key()).param(fingerprint).param(utc(now)).param(utc(expiresAt))
                .update();
    }

    /** Fills in the answer of a key claimed in the current transaction. */
    void record(ScopedKey key, RecordedResponse response) {
        int updated = jdbc.sql("""
                        UPDATE idempotency_key
                        SET response_status = ?, response_content_type = ?, response_location = ?, response_etag = ?,
                            response_body = ?
                        WHERE principal = ? AND idempotency_key = ?""")
                .param(response.status()).param(response.contentType()).param(response.location())
                .param(response.etag()).param(response.body())
                .param(key.principal()).param(key.key())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("idempotency key was not claimed in this transaction");
        }
    }

    /** Removes every key whose retention ended by {@code now}; returns how many. */
    int purge(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE expires_at <= ?").param(utc(now)).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
