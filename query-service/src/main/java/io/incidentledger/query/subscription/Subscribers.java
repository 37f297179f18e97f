package io.incidentledger.query.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The subscriber and subscriber_component rows (V9, V12). */
@Repository
class Subscribers {

    /** What the subscribe path needs to know about an existing address. */
    record Existing(String id, String token, String linkBase, Instant confirmedAt, Instant confirmationSentAt) {
    }

    private final JdbcClient jdbc;

    Subscribers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Existing> findByAddress(String channel, String addressKey) {
        return jdbc.sql("SELECT subscriber_id, token, link_base, confirmed_at, confirmation_sent_at FROM subscriber "
                        + "WHERE channel = ? AND address_key = ?")
                .params(channel, addressKey)
                .query((rs, n) -> new Existing(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))))
                .optional();
    }

    void insert(String id, String channel, String address, String addressKey, String secret, String token,
                List<String> components, Instant now, Instant confirmedAt, Instant confirmationSentAt, String linkBase) {
        jdbc.sql("INSERT INTO subscriber (subscriber_id, channel, address, address_key, secret, token, all_components, "
                        + "created_at, confirmed_at, confirmation_sent_at, link_base) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
                .params(id, channel, address, addressKey, secret, token, components.isEmpty(), ts(now),
                        ts(confirmedAt), ts(confirmationSentAt), linkBase)
                .update();
        for (String component : components) {
            jdbc.sql("INSERT INTO subscriber_component (subscriber_id, component_id) VALUES (?, ?)")
                    .params(id, component).update();
        }
    }

    /**
     * Claims the right to resend the confirmation: true for exactly one of several concurrent callers, and only
     * when the last one went out before {@code sentBefore} (a conditional update, so every instance agrees).
     */
    boolean claimResend(String id, Instant sentBefore, Instant now) {
        return jdbc.sql("UPDATE subscriber SET confirmation_sent_at = ? WHERE subscriber_id = ? AND confirmed_at IS NULL "
                        + "AND (confirmation_sent_at IS NULL OR confirmation_sent_at < ?)")
                .params(ts(now), id, ts(sentBefore))
                .update() == 1;
    }

    Optional<String> channelOfToken(String token) {
        return jdbc.sql("SELECT channel FROM subscriber WHERE token = ?").param(token).query(String.class).optional();
    }

    boolean isUnconfirmed(String token) {
        return jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE token = ? AND confirmed_at IS NULL").param(token)
                .query(Integer.class).single() == 1;
    }

    boolean confirm(String token, Instant now) {
        return jdbc.sql("UPDATE subscriber SET confirmed_at = ? WHERE token = ? AND confirmed_at IS NULL")
                .params(ts(now), token).update() == 1;
    }

    /** Deletes the row; ON DELETE CASCADE removes everything kept for it (components, messages, attempts). */
    boolean deleteByToken(String token) {
        return jdbc.sql("DELETE FROM subscriber WHERE token = ?").param(token).update() == 1;
    }

    boolean deleteById(String id) {
        return jdbc.sql("DELETE FROM subscriber WHERE subscriber_id = ?").param(id).update() == 1;
    }

    List<Subscriber> all() {
        List<Subscriber> rows = jdbc.sql("SELECT subscriber_id, channel, address, all_components, created_at, confirmed_at, "
                        + "last_success_at, last_failure_at, last_error, consecutive_failures, failing_since "
                        + "FROM subscriber ORDER BY created_at, subscriber_id")
                .query((rs, n) -> new Subscriber(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        List.of(), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), rs.getString(9), rs.getInt(10), instant(rs.getTimestamp(11))))
                .list();
        return rows.stream().map(s -> s.allComponents() ? s : new Subscriber(s.id(), s.channel(), s.address(), false,
                jdbc.sql("SELECT component_id FROM subscriber_component WHERE subscriber_id = ? ORDER BY component_id")
                        .param(s.id()).query(String.class).list(),
                s.createdAt(), s.confirmedAt(), s.lastSuccessAt(), s.lastFailureAt(), s.lastError(),
                s.consecutiveFailures(), s.failingSince())).toList();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
