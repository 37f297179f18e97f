package io.incidentledger.query.announcement;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Processors;

/**
 * The announcements processor's handler: every incident, maintenance and component event becomes a pending
 * candidate, in the processor's own transaction (so a retried batch or a second instance records it once). Nothing
 * is decided here: whether a candidate is news, and what it says, needs the read models to have passed it, which
 * this processor cannot wait for without holding its transaction (the announcer step decides, later).
 *
 * <p>Never replayed and never reset: a replay would announce the past again.
 */
@Component
@ProcessingGroup(Processors.ANNOUNCEMENTS)
class AnnouncementCandidates {

    /** The aggregate kinds by the events' package, the subject of an announcement. */
    private static final Map<String, String> KINDS = Map.of(
            "io.incidentledger.events.incident", "incident",
            "io.incidentledger.events.maintenance", "maintenance",
            "io.incidentledger.events.component", "component");

    private final JdbcClient jdbc;

    AnnouncementCandidates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    @DisallowReplay
    void on(EventMessage<?> event, TrackingToken token, @Timestamp Instant recordedAt) {
        String kind = KINDS.get(event.getPayloadType().getPackageName());
        if (kind == null || !(event instanceof DomainEventMessage<?> domain)) {
            return;
        }
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("a token without a position: " + token));
        jdbc.sql("""
                        INSERT INTO announcement_pending (position, event_type, subject_kind, subject_id, recorded_at,
                            effective_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(position, event.getPayloadType().getSimpleName(), kind, domain.getAggregateIdentifier(),
                        java.sql.Timestamp.from(recordedAt),
                        effectiveAt(event.getPayload()).map(java.sql.Timestamp::from).orElse(null))
                .update();
    }

    /**
     * The instant the event's fact happened, where its payload says ({@code at}: an incident opened, updated,
     * resolved or reopened at a time the commander may have backdated).
     */
    static Optional<Instant> effectiveAt(Object payload) {
        if (payload instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("at") && component.getType() == Instant.class) {
                    try {
                        return Optional.ofNullable((Instant) component.getAccessor().invoke(record));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + component + " of " + record, e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** What was announced stays announced: a reset would announce it all again, so it is refused. */
    @ResetHandler
    void refuseReset() {
        throw new IllegalStateException("announcements are never reset: a replay would announce the past again");
    }
}
