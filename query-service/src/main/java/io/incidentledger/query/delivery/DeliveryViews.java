package io.incidentledger.query.delivery;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The admin's view of a subscriber's deliveries. */
final class DeliveryViews {

    private DeliveryViews() {
    }

    record Deliveries(@JsonProperty("subscriber_id") String subscriberId, List<Message> messages) {
    }

    record Message(String id, @JsonProperty("announcement_id") long announcementId, String channel, String state,
                   int attempts, @JsonProperty("created_at") Instant createdAt,
                   @JsonProperty("next_attempt_at") Instant nextAttemptAt,
                   @JsonProperty("finished_at") Instant finishedAt, @JsonProperty("change_type") String changeType,
                   List<Attempt> history) {
    }

    record Attempt(int attempt, @JsonProperty("attempted_at") Instant attemptedAt, String outcome,
                   @JsonProperty("http_status") Integer httpStatus, String error,
                   @JsonProperty("duration_ms") long durationMs) {
    }
}
