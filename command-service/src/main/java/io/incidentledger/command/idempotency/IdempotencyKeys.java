package io.incidentledger.command.idempotency;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code idempotency_key} table. Claims, answers and releases are single statements of their own (no
 * request holds a transaction around them); only {@link #markActed} joins a transaction, the one in which the
 * command's unit of work appends its events.
 */
@Repository
class IdempotencyKeys {

    /** A key as the client sent it, in the scope of the principal who sent it. */
    record ScopedKey(String principal, String key) {
    }

    /**
     * A key's row: the fingerprint of the request that claimed it, whether its command's events are committed,
     * until when its request may still act, and its answer once recorded (null before).
     */
    record Entry(String fingerprint, String token, boolean acted, Long actedVersion, RecordedResponse response) {
    }

    /** What {@link #claim} found: the key is now this request's, or another request's row holds it. */
    sealed interface Claim {
    }

    /** This request holds the key under {@code token}. */
    record Claimed(String token) implements Claim {
    }

    /** Another request holds or answered the key; {@code entry} is empty if that row vanished meanwhile. */
    record Taken(Optional<Entry> entry) implements Claim {
    }

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded answer for {@code key}, unless it has expired by {@code now} (purged or not). */
    Optional<Entry> find(ScopedKey key, Instant now) {
        return entry(key, now).filter(entry -> entry.response() != null);
    }

    /**
     * Claims {@code key} for a request, first removing a row past its retention or a claim whose request died
     * before acting (past {@code claimedUntil}, never acted on). A single insert that commits at once: it never
     * waits for another request, and two instances racing for one key meet at its primary key.
     */
    Claim claim(ScopedKey key, String fingerprint, Instant now, Instant claimedUntil, Instant expiresAt) {
        jdbc.sql("""
                        DELETE FROM idempotency_key
                        WHERE principal = ? AND idempotency_key = ?
                          AND (expires_at <= ? OR (response_status IS NULL AND NOT acted AND claimed_until <= ?))""")
                .param(key.principal()).param(key.key()).param(utc(now)).param(utc(now)).update();
        String token = UUID.randomUUID().toString();
        try {
            jdbc.sql("""
                            INSERT INTO idempotency_key (principal, idempotency_key, fingerprint, created_at, expires_at,
                                                         claim_token, claimed_until, acted)
                            VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)""")
                    .param(key.principal()).param(key.key()).param(fingerprint).param(utc(now)).param(utc(expiresAt))
                    .param(token).param(utc(claimedUntil))
                    .update();
            return new Claimed(token);
        } catch (DuplicateKeyException e) {
            return new Taken(entry(key, now));
        }
    }

    /**
     * Marks the claim as acted on, with the aggregate's version after the command, in the caller's transaction:
     * the one that appends the command's events, so the mark commits exactly when they do. Returns false if the
     * claim is no longer this request's (it outlived its claim and a retry took the key over): the caller must
     * then fail, rolling the events back.
     */
    boolean markActed(ScopedKey key, String token, Long version) {
        return jdbc.sql("""
                        UPDATE idempotency_key SET acted = TRUE, acted_version = ?
                        WHERE principal = ? AND idempotency_key = ? AND claim_token = ?""")
                .param(version).param(key.principal()).param(key.key()).param(token).update() == 1;
    }

    /**
     * Records the answer of the request holding {@code token}; false if it no longer holds the key or the answer
     * is already recorded (two retries rebuilt one lost answer at once: the first one recorded stays).
     */
    boolean record(ScopedKey key, String token, RecordedResponse response) {
        return jdbc.sql("""
                        UPDATE idempotency_key
                        SET response_status = ?, response_content_type = ?, response_location = ?, response_etag = ?,
                            response_body = ?
                        WHERE principal = ? AND idempotency_key = ? AND claim_token = ? AND response_status IS NULL""")
                .param(response.status()).param(response.contentType()).param(response.location())
                .param(response.etag()).param(response.body())
                .param(key.principal()).param(key.key()).param(token)
                .update() == 1;
    }

    /**
     * Gives up a claim whose request has no answer to record (it failed), unless its command acted: a retry then
     * runs the command afresh. An acted claim stays; a retry rebuilds its answer.
     */
    void release(ScopedKey key, String token) {
        jdbc.sql("""
                        DELETE FROM idempotency_key
                        WHERE principal = ? AND idempotency_key = ? AND claim_token = ? AND NOT acted""")
                .param(key.principal()).param(key.key()).param(token).update();
    }

    /** Removes every key whose retention ended by {@code now}; returns how many. */
    int purge(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE expires_at <= ?").param(utc(now)).update();
    }

    private Optional<Entry> entry(ScopedKey key, Instant now) {
        return jdbc.sql("""
                        SELECT fingerprint, claim_token, acted, acted_version, response_status, response_content_type,
                               response_location, response_etag, response_body
                        FROM idempotency_key
                        WHERE principal = ? AND idempotency_key = ? AND expires_at > ?""")
                .param(key.principal()).param(key.key()).param(utc(now))
                .query((rs, row) -> {
                    long version = rs.getLong(4);
                    Long actedVersion = rs.wasNull() ? null : version;
                    int status = rs.getInt(5);
                    RecordedResponse response = rs.wasNull() ? null : new RecordedResponse(status, rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getBytes(9));
                    return new Entry(rs.getString(1), rs.getString(2), rs.getBoolean(3), actedVersion, response);
                })
                .optional();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
