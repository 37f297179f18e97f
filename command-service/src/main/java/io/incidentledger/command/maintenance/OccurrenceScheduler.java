package io.incidentledger.command.maintenance;

import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.events.MaintenanceOccurrence;
import io.incidentledger.events.MetaDataKeys;
import io.incidentledger.events.maintenance.MaintenanceOccurrencesPlanned;
import io.incidentledger.events.maintenance.MaintenanceSeriesPlanned;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns every planned occurrence of a recurring maintenance into an ordinary maintenance: a tracking processor
 * whose token lives in the same database (so a crash between a series' plan and its schedules loses nothing: the
 * processor resumes from its token) and that acts idempotently by id (an occurrence that already exists, e.g.
 * scheduled by the request that planned the series, is skipped). Two instances share the token: each plan is
 * handled by one of them, and if both ever did, the second meets existing ids.
 *
 * <p>Each command is sent from a thread of its own, outside this processor's unit of work: sent from inside it, the
 * command's unit of work would nest in the processor's and commit only with it, so an existing id would surface
 * after this handler returned and roll back the token's transaction, again and again. The processor runs without
 * a transaction ({@link MaintenanceConfiguration}), so no connection is held while this waits for the commands.
 */
@ProcessingGroup(OccurrenceScheduler.PROCESSING_GROUP)
class OccurrenceScheduler {

    static final String PROCESSING_GROUP = "maintenance-occurrences";
    private static final Logger log = LoggerFactory.getLogger(OccurrenceScheduler.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final CommandGateway gateway;
    private final EventStore events;
    private final ExecutorService sender;

    OccurrenceScheduler(CommandGateway gateway, EventStore events, ExecutorService sender) {
        this.gateway = gateway;
        this.events = events;
        this.sender = sender;
    }

    /** {@code at} of each occurrence: when it was planned (the event's recorded time), which is before its start. */
    @EventHandler
    void on(MaintenanceOccurrencesPlanned event, @Timestamp Instant plannedAt,
            @MetaDataValue(MetaDataKeys.ACTOR) String actor) {
        MaintenanceSeriesPlanned series = events.readEvents(event.seriesId()).asStream()
                .map(message -> message.getPayload())
                .filter(MaintenanceSeriesPlanned.class::isInstance)
                .map(MaintenanceSeriesPlanned.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("series " + event.seriesId() + " has no plan"));
        for (MaintenanceOccurrence occurrence : event.occurrences()) {
            schedule(scheduleOf(series, occurrence, plannedAt), actor);
        }
    }

    static ScheduleMaintenance scheduleOf(MaintenanceSeriesPlanned series, MaintenanceOccurrence occurrence,
                                          Instant at) {
        return new ScheduleMaintenance(occurrence.maintenanceId(), series.title(),
                announcementId(occurrence.maintenanceId()), series.message(), at,
                series.components(), occurrence.scheduledFor(), occurrence.scheduledUntil(), series.autoStart(),
                series.autoComplete(), series.seriesId());
    }

    /** The announcing update's id, the same whoever schedules the occurrence (this processor or the request). */
    static String announcementId(String maintenanceId) {
        return UUID.nameUUIDFromBytes((maintenanceId + "/scheduled").getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void schedule(ScheduleMaintenance command, String actor) {
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(MetaDataKeys.ACTOR, actor != null ? actor : "maintenance-series"));
        try {
            CompletableFuture.runAsync(() -> gateway.sendAndWait(message, TIMEOUT_SECONDS, TimeUnit.SECONDS), sender)
                    .join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AggregateStreamCreationException || cause instanceof ConcurrencyException) {
                return; // already scheduled: at least once, idempotent by id
            }
            if (cause instanceof CommandRejectedException rejected
                    && rejected.reason() != CommandRejectedException.Reason.PRECONDITION_FAILED) {
                // A rule refuses it for good (its component was retired, say): retrying would block the series.
                log.warn("Occurrence {} of series {} not scheduled: {}", command.maintenanceId(), command.seriesId(),
                        rejected.getMessage());
                return;
            }
            throw e;
        }
    }
}
