package io.incidentledger.query.delivery;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.nullableLong;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.incidentledger.query.delivery.DeliveryViews.Attempt;
import io.incidentledger.query.delivery.DeliveryViews.Deliveries;
import io.incidentledger.query.delivery.DeliveryViews.Message;

@Repository
class DeliveryQueries {

    private final JdbcClient jdbc;

    DeliveryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Deliveries> of(String subscriberId) {
        boolean known = jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE subscriber_id = ?").param(subscriberId)
                .query(Long.class).single() > 0;
        if (!known) {
            return Optional.empty();
        }
        List<Message> messages = jdbc.sql("""
                        SELECT m.message_id, m.announcement_id, m.channel, m.state, m.attempts, m.created_at,
                            m.next_attempt_at, m.finished_at, a.change_type
                        FROM delivery_message m LEFT JOIN announcement a ON a.announcement_id = m.announcement_id
                        WHERE m.subscriber_id = ? ORDER BY m.created_at DESC, m.announcement_id DESC
                        FETCH FIRST 200 ROWS ONLY""")
                .param(subscriberId)
                .query((rs, n) -> new Message(rs.getString("message_id"), rs.getLong("announcement_id"),
                        rs.getString("channel"), rs.getString("state"), rs.getInt("attempts"),
                        instant(rs, "created_at"),
                        "pending".equals(rs.getString("state")) ? instant(rs, "next_attempt_at") : null,
                        instant(rs, "finished_at"), rs.getString("change_type"), List.of()))
                .list();
        List<Message> withHistory = messages.stream().map(m -> new Message(m.id(), m.announcementId(), m.channel(),
                m.state(), m.attempts(), m.createdAt(), m.nextAttemptAt(), m.finishedAt(), m.changeType(),
                jdbc.sql("""
                                SELECT attempt, attempted_at, outcome, http_status, error, duration_ms
                                FROM delivery_attempt WHERE message_id = ? ORDER BY attempt""")
                        .param(m.id())
                        .query((rs, n) -> new Attempt(rs.getInt("attempt"), instant(rs, "attempted_at"),
                                rs.getString("outcome"), nullableLong(rs, "http_status") == null ? null
                                : rs.getInt("http_status"), rs.getString("error"), rs.getLong("duration_ms")))
                        .list())).toList();
        return Optional.of(new Deliveries(subscriberId, withHistory));
    }
}
