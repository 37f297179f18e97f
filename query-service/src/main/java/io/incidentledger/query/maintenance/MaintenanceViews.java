package io.incidentledger.query.maintenance;

import java.time.Instant;
import java.util.List;

/**
 * The maintenance read model's answers. Field names are the REST contract. {@code version} is the maintenance's
 * aggregate version as of the answer (the sequence number of its last event projected): what to send
 * command-service as {@code If-Match}.
 */
public final class MaintenanceViews {

    private MaintenanceViews() {
    }

    /** A component the window takes down, and the status it declares for it (usually under_maintenance). */
    public record MaintenanceComponent(String componentId, String name, String status, Double affectedFraction) {
    }

    /**
     * A maintenance in a list. {@code startedAt}/{@code completedAt} are effective times (when the window really
     * began and ended), null until then; {@code cancelledAt} is set only for a cancelled one.
     */
    public record MaintenanceSummary(String id, Long version, String title, String status, Instant scheduledFor,
                                     Instant scheduledUntil, Instant startedAt, Instant completedAt,
                                     Instant cancelledAt, Instant createdAt, Instant updatedAt,
                                     List<String> components) {
    }

    public record ComponentChange(String componentId, String name, String oldStatus, String newStatus) {
    }

    /**
     * One entry of the timeline, newest first: {@code kind} is scheduled, rescheduled, started, update, completed
     * or cancelled; {@code at} when it happened, {@code recordedAt} when it was written down; {@code automatic} for
     * a start or completion its deadline made; {@code message} null where none was given; {@code scheduledFor} and
     * {@code scheduledUntil} the new window, on a reschedule only.
     */
    public record UpdateView(String id, String kind, String status, String message, Instant at, Instant recordedAt,
                             String author, boolean automatic, Instant scheduledFor, Instant scheduledUntil,
                             List<ComponentChange> componentChanges) {

        /**
         * What a reader is shown for this entry: its message, or where there is none Statuspage's own words for the
         * transition.
         */
        public String text() {
            if (message != null && !message.isBlank()) {
                return message;
            }
            return switch (kind) {
                case "started" -> "Scheduled maintenance is currently in progress. We will provide updates as"
                        + " necessary.";
                case "completed" -> "The scheduled maintenance has been completed.";
                case "cancelled" -> "The scheduled maintenance has been cancelled.";
                case "rescheduled" -> "The scheduled maintenance has been rescheduled.";
                default -> "";
            };
        }
    }

    /**
     * The full record of one maintenance. {@code durationSeconds}: how long it has run (to now while active), 0
     * before it started; {@code ongoing} while it is in progress or verifying.
     */
    public record MaintenanceDetail(String id, Long version, String title, String status, Instant scheduledFor,
                                    Instant scheduledUntil, Instant startedAt, Instant verifyingAt,
                                    Instant completedAt, Instant cancelledAt, boolean autoStart,
                                    boolean autoComplete, Boolean startedAutomatically,
                                    Boolean completedAutomatically, String seriesId, long durationSeconds,
                                    boolean ongoing, Instant createdAt, Instant updatedAt,
                                    List<MaintenanceComponent> components, List<UpdateView> updates) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
