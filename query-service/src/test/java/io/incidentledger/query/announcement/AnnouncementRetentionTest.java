package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.Sql;

/** What notifications leave behind goes after its retention; what is still needed stays. */
class AnnouncementRetentionTest extends QueryApiTest {

    @Autowired
    AnnouncementRetention retention;

    @Test
    void oldFannedOutAnnouncementsFinishedMessagesAndUnconfirmedAddressesGo() {
        Instant old = now.minus(31, ChronoUnit.DAYS);
        long oldAnnouncement = announcement("old", old);
        long recentAnnouncement = announcement("recent", now.minus(1, ChronoUnit.DAYS));
        // Fanned out (the running delivery worker moves the cursor on to the newest anyway).
        jdbc.sql("UPDATE delivery_cursor SET last_announcement_id = ? WHERE cursor_id = 'fanout' "
                + "AND last_announcement_id < ?").params(recentAnnouncement, recentAnnouncement).update();
        String confirmed = subscriber("confirmed", old, old);
        String stale = subscriber("stale", now.minus(8, ChronoUnit.DAYS), null);
        String fresh = subscriber("fresh", now.minus(1, ChronoUnit.DAYS), null);
        String deliveredLongAgo = message(confirmed, oldAnnouncement, "delivered", old);
        String stillPending = message(confirmed, recentAnnouncement, "pending", null);
        String deadRecently = message(confirmed, recentAnnouncement + 100_000, "dead", now.minus(2, ChronoUnit.DAYS));

        AnnouncementRetention.Purged purged = retention.purge();

        assertThat(exists("announcement", "announcement_id", oldAnnouncement)).isFalse();
        assertThat(exists("announcement", "announcement_id", recentAnnouncement)).isTrue();
        assertThat(exists("subscriber", "subscriber_id", stale)).isFalse();
        assertThat(exists("subscriber", "subscriber_id", fresh)).isTrue();
        assertThat(exists("subscriber", "subscriber_id", confirmed)).isTrue();
        assertThat(exists("delivery_message", "message_id", deliveredLongAgo)).isFalse();
        assertThat(exists("delivery_message", "message_id", stillPending)).isTrue();
        assertThat(exists("delivery_message", "message_id", deadRecently)).isTrue();
        assertThat(purged.announcements()).isPositive();
        assertThat(purged.messages()).isPositive();
        assertThat(purged.unconfirmedSubscribers()).isPositive();
    }

    private long announcement(String name, Instant createdAt) {
        String dedup = "retention:" + uniqueId(name);
        jdbc.sql("""
                        INSERT INTO announcement (position, kind, subject_id, change_type, dedup_key, body, created_at)
                        VALUES (NULL, 'incident', ?, 'incident_updated', ?, '{}', ?)""")
                .params(name, dedup, Sql.utc(createdAt)).update();
        return jdbc.sql("SELECT announcement_id FROM announcement WHERE dedup_key = ?").param(dedup)
                .query(Long.class).single();
    }

    private String subscriber(String name, Instant createdAt, Instant confirmedAt) {
        String id = uniqueId(name);
        jdbc.sql("""
                        INSERT INTO subscriber (subscriber_id, channel, address, address_key, token, all_components,
                            created_at, confirmed_at, link_base) VALUES (?, 'email', ?, ?, ?, TRUE, ?, ?, 'http://status.example')""")
                .params(id, id + "@example.com", id + "@example.com", "tok-" + id, Sql.utc(createdAt),
                        Sql.utc(confirmedAt))
                .update();
        return id;
    }

    private String message(String subscriber, long announcement, String state, Instant finishedAt) {
        String id = uniqueId("msg");
        jdbc.sql("""
                        INSERT INTO delivery_message (message_id, announcement_id, subscriber_id, channel, body, state,
                            next_attempt_at, created_at, finished_at) VALUES (?, ?, ?, 'email', '{}', ?, ?, ?, ?)""")
                .params(id, announcement, subscriber, state, Sql.utc(now), Sql.utc(now), Sql.utc(finishedAt))
                .update();
        return id;
    }

    private boolean exists(String table, String column, Object id) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?").param(id)
                .query(Long.class).single() > 0;
    }
}
