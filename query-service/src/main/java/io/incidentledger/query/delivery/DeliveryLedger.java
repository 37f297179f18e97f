package io.incidentledger.query.delivery;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.utc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.incidentledger.query.announcement.AnnouncementLinks;
import io.incidentledger.query.subscription.SubscriptionLinks;

/**
 * The messages owed to subscribers and what each attempt met. Every method is one short statement or one short
 * transaction: nothing here is called while a message is being sent.
 */
@Repository
class DeliveryLedger {

    static final String DOCUMENTATION = "https://developer.statuspage.io/#section/Webhooks";
    private static final int FAN_OUT_BATCH = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryLedger(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    private record Announcement(long id, String body) {
    }

    private record Recipient(String subscriberId, String channel, String linkBase, String token) {
    }

    /**
     * Turns the next announcements into messages, in announcement order, and moves the cursor past them in the
     * same transaction. The cursor row is locked, so two instances fan out one after the other; the unique
     * (announcement, subscriber) pair is the second guard. An instance that finds the row locked does not wait
     * for it with its connection and transaction open (SKIP LOCKED): the other instance is fanning out the same
     * announcements, and this one looks again at its next poll. Returns how many announcements it took.
     */
    int fanOut() {
        Integer taken = transactions.execute(status -> {
            Optional<Long> locked = jdbc.sql("SELECT last_announcement_id FROM delivery_cursor "
                            + "WHERE cursor_id = 'fanout' FOR UPDATE SKIP LOCKED")
                    .query(Long.class).optional();
            if (locked.isEmpty()) {
                return 0;
            }
            long cursor = locked.get();
            List<Announcement> next = jdbc.sql("""
                            SELECT announcement_id, body FROM announcement WHERE announcement_id > ?
                            ORDER BY announcement_id FETCH FIRST %d ROWS ONLY""".formatted(FAN_OUT_BATCH))
                    .param(cursor)
                    .query((rs, n) -> new Announcement(rs.getLong("announcement_id"), rs.getString("body"))).list();
            if (next.isEmpty()) {
                return 0;
            }
            Instant now = clock.instant();
            for (Announcement announcement : next) {
                for (Recipient recipient : recipients(announcement.id())) {
                    jdbc.sql("""
                                    INSERT INTO delivery_message (message_id, announcement_id, subscriber_id, channel, body,
                                        state, attempts, next_attempt_at, created_at)
                                    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)""")
                            .params("msg_" + UUID.randomUUID().toString().replace("-", ""), announcement.id(),
                                    recipient.subscriberId(), recipient.channel(),
                                    webhookBody(announcement.body(), recipient, now), utc(now), utc(now))
                            .update();
                }
            }
            jdbc.sql("UPDATE delivery_cursor SET last_announcement_id = ? WHERE cursor_id = 'fanout'")
                    .param(next.get(next.size() - 1).id()).update();
            return next.size();
        });
        return taken == null ? 0 : taken;
    }

    /** Confirmed subscribers to the whole page, or to one of the announcement's components. */
    private List<Recipient> recipients(long announcementId) {
        return jdbc.sql("""
                        SELECT s.subscriber_id, s.channel, s.link_base, s.token FROM subscriber s
                        WHERE s.confirmed_at IS NOT NULL AND (s.all_components = TRUE OR EXISTS (
                            SELECT 1 FROM subscriber_component sc JOIN announcement_component ac
                                ON ac.component_id = sc.component_id
                            WHERE sc.subscriber_id = s.subscriber_id AND ac.announcement_id = ?))
                        ORDER BY s.subscriber_id""")
                .param(announcementId)
                .query((rs, n) -> new Recipient(rs.getString("subscriber_id"), rs.getString("channel"),
                        rs.getString("link_base"), rs.getString("token")))
                .list();
    }

    /**
     * The Statuspage webhook JSON: meta (this subscriber's unsubscribe link), page, then the announcement's fields,
     * their links from the base this subscriber subscribed at.
     */
    private String webhookBody(String announcementBody, Recipient recipient, Instant now) {
        JsonNode announced = json.readTree(AnnouncementLinks.rebased(announcementBody, recipient.linkBase()));
        ObjectNode body = json.createObjectNode();
        ObjectNode meta = body.putObject("meta");
        meta.put("unsubscribe", SubscriptionLinks.unsubscribeUrl(recipient.linkBase(), recipient.token()));
        meta.put("documentation", DOCUMENTATION);
        meta.put("generated_at", now.toString());
        if (announced.has("page")) {
            body.set("page", announced.get("page"));
        }
        announced.properties().forEach(field -> {
            if (!field.getKey().equals("page")) {
                body.set(field.getKey(), field.getValue());
            }
        });
        return json.writeValueAsString(body);
    }

    /**
     * Claims up to {@code limit} due messages for this worker with a conditional UPDATE each (autocommit): only
     * one worker's UPDATE matches a row, so each attempt is made by one instance. A lease that ran out (its
     * worker died mid-send) makes the message due again.
     */
    List<DueMessage> claim(String owner, int limit, java.time.Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> candidates = jdbc.sql("""
                        SELECT message_id FROM delivery_message
                        WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                        ORDER BY next_attempt_at, message_id FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .params(utc(now), utc(now)).query(String.class).list();
        List<String> claimed = candidates.stream().filter(id -> jdbc.sql("""
                        UPDATE delivery_message SET lease_until = ?, lease_owner = ?
                        WHERE message_id = ? AND state = 'pending' AND next_attempt_at <= ?
                            AND (lease_until IS NULL OR lease_until < ?)""")
                .params(utc(now.plus(lease)), owner, id, utc(now), utc(now)).update() == 1).toList();
        return claimed.stream().flatMap(id -> jdbc.sql("""
                        SELECT m.message_id, m.subscriber_id, m.channel, m.body, m.attempts, m.created_at,
                            s.address, s.secret
                        FROM delivery_message m JOIN subscriber s ON s.subscriber_id = m.subscriber_id
                        WHERE m.message_id = ?""").param(id)
                .query((rs, n) -> new DueMessage(rs.getString("message_id"), rs.getString("subscriber_id"),
                        rs.getString("channel"), rs.getString("address"), rs.getString("secret"),
                        rs.getString("body"), rs.getInt("attempts"), instant(rs, "created_at")))
                .optional().stream()).toList();
    }

    /**
     * Records one attempt, in one short transaction: the attempt row, the message's next state (delivered, due
     * again after the back-off, or dead once the give-up time has passed) and the subscriber's health.
     */
    void record(DueMessage message, String owner, Instant startedAt, long durationMs, Outcome outcome,
                DeliverySettings settings) {
        Instant now = clock.instant();
        int attempt = message.attempts() + 1;
        transactions.executeWithoutResult(status -> {
            // Our lease may have run out and another worker taken the message: then its record wins.
            int held = jdbc.sql("""
                            UPDATE delivery_message SET attempts = ?, lease_until = NULL, lease_owner = NULL
                            WHERE message_id = ? AND lease_owner = ? AND attempts = ?""")
                    .params(attempt, message.messageId(), owner, message.attempts()).update();
            if (held == 0) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO delivery_attempt (message_id, attempt, attempted_at, outcome, http_status, error,
                                duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(message.messageId(), attempt, utc(startedAt), outcome.delivered() ? "delivered" : "failed",
                            outcome.httpStatus(), truncate(outcome.error()), durationMs)
                    .update();
            if (outcome.delivered()) {
                jdbc.sql("UPDATE delivery_message SET state = 'delivered', finished_at = ? WHERE message_id = ?")
                        .params(utc(now), message.messageId()).update();
                jdbc.sql("""
                                UPDATE subscriber SET last_success_at = ?, consecutive_failures = 0, failing_since = NULL,
                                    last_error = NULL WHERE subscriber_id = ?""")
                        .params(utc(now), message.subscriberId()).update();
                return;
            }
            jdbc.sql("""
                            UPDATE subscriber SET last_failure_at = ?, last_error = ?,
                                consecutive_failures = consecutive_failures + 1 WHERE subscriber_id = ?""")
                    .params(utc(now), truncate(describe(outcome)), message.subscriberId()).update();
            Instant giveUp = message.createdAt().plus(settings.giveUpAfter);
            if (!now.isBefore(giveUp)) {
                jdbc.sql("UPDATE delivery_message SET state = 'dead', finished_at = ? WHERE message_id = ?")
                        .params(utc(now), message.messageId()).update();
                jdbc.sql("UPDATE subscriber SET failing_since = COALESCE(failing_since, ?) WHERE subscriber_id = ?")
                        .params(utc(now), message.subscriberId()).update();
                return;
            }
            java.time.Duration wait = settings.backoff(attempt);
            if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
                wait = outcome.retryAfter();
            }
            Instant next = now.plus(wait).isAfter(giveUp) ? giveUp : now.plus(wait);
            jdbc.sql("UPDATE delivery_message SET next_attempt_at = ? WHERE message_id = ?")
                    .params(utc(next), message.messageId()).update();
        });
    }

    /** A 410 from the receiver: it asks to be removed; its messages go with it (cascade). */
    void remove(String subscriberId) {
        jdbc.sql("DELETE FROM subscriber WHERE subscriber_id = ?").param(subscriberId).update();
    }

    private static String describe(Outcome outcome) {
        if (outcome.error() != null) {
            return outcome.error();
        }
        return "HTTP " + outcome.httpStatus();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
