package io.incidentledger.command.maintenance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static io.incidentledger.command.dispatch.CommandRejectedException.conflict;
import static io.incidentledger.command.dispatch.CommandRejectedException.ruleViolated;
import static io.incidentledger.command.maintenance.MaintenanceRules.latest;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One planned window, from announcement to completion or cancellation. It guards the record's rules (the window
 * is well-formed and not in the past, effective times never go backwards, only known and active components are
 * declared) and the life cycle: scheduled → in_progress ⇄ verifying → completed, or cancelled before the start.
 *
 * <p>With {@code autoStart}/{@code autoComplete} it owns two deadlines in the persistent, clustered deadline
 * manager: at {@code scheduledFor} it starts itself, at {@code scheduledUntil} it completes itself, each with the
 * planned instant as the effective time whenever the deadline really fires. A deadline that fires when it is no
 * longer due (started or completed by hand, rescheduled, cancelled, or fired twice) does nothing.
 */
@Revision(Maintenance.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Maintenance {

    /** The shape of the fields as a snapshot would store them: raise it when a field is added or changes meaning. */
    public static final String SNAPSHOT_REVISION = "1";

    static final String START_DEADLINE = "maintenance-start";
    static final String COMPLETE_DEADLINE = "maintenance-complete";

    @AggregateIdentifier
    private String maintenanceId;

    private MaintenanceStatus status;
    private String title;
    private List<ComponentDeclaration> components;
    private Instant scheduledFor;
    private Instant scheduledUntil;
    private boolean autoStart;
    private boolean autoComplete;
    /** The latest effective time on record; the next one may not be earlier. */
    private Instant latestAt;

    /** For Axon's event sourcing, and for Jackson reading a snapshot. */
    @JsonCreator
    protected Maintenance() {
    }

    @CommandHandler
    public Maintenance(ScheduleMaintenance command, EffectiveTimePolicy times, ComponentCatalog catalog,
                       DeadlineManager deadlines) {
        Instant at = times.effective(command.at());
        MaintenanceRules.requireWindow(command.scheduledFor(), command.scheduledUntil(), at);
        MaintenanceRules.requireDeclarable(command.components(), catalog);
        apply(new MaintenanceScheduled(command.maintenanceId(), command.title(), command.updateId(), command.message(),
                at, command.components(), command.scheduledFor(), command.scheduledUntil(), command.autoStart(),
                command.autoComplete(), command.seriesId()));
        // From the command: a constructor's events reach the event sourcing handlers only after it returns.
        scheduleDeadlines(deadlines, command.autoStart(), command.scheduledFor(), command.autoComplete(),
                command.scheduledUntil());
    }

    /** Changing nothing records nothing. The new plan obeys the rules of a new one, judged as of now. */
    @CommandHandler
    public long handle(RescheduleMaintenance command, EffectiveTimePolicy times, ComponentCatalog catalog,
                       DeadlineManager deadlines) {
        requireScheduled("change the plan of");
        Instant at = latest(times.now(), latestAt);
        String newTitle = command.title() != null ? command.title() : title;
        List<ComponentDeclaration> newComponents = command.components() != null ? command.components() : components;
        Instant newFor = command.scheduledFor() != null ? command.scheduledFor() : scheduledFor;
        Instant newUntil = command.scheduledUntil() != null ? command.scheduledUntil() : scheduledUntil;
        boolean windowMoved = !newFor.equals(scheduledFor) || !newUntil.equals(scheduledUntil);
        if (windowMoved) {
            MaintenanceRules.requireWindow(newFor, newUntil, at);
        }
        if (command.components() != null) {
            MaintenanceRules.requireDeclarable(newComponents, catalog);
        }
        if (windowMoved || !newTitle.equals(title) || !newComponents.equals(components)) {
            apply(new MaintenanceRescheduled(maintenanceId, newTitle, newComponents, newFor, newUntil, at));
        }
        if (windowMoved) {
            cancelDeadlines(deadlines);
            scheduleDeadlines(deadlines, autoStart, newFor, autoComplete, newUntil);
        }
        return AggregateLifecycle.getVersion();
    }

    /** Allowed before {@code scheduledFor} (work often starts early), never before the announcement. */
    @CommandHandler
    public long handle(StartMaintenance command, EffectiveTimePolicy times, DeadlineManager deadlines) {
        requireNotOver("start");
        if (status != MaintenanceStatus.SCHEDULED) {
            throw conflict("maintenance '" + maintenanceId + "' has already started (it is " + status + ")");
        }
        Instant at = notBeforeLatest(times.effective(command.at()));
        apply(new MaintenanceStarted(maintenanceId, command.updateId(), command.message(), at, false));
        deadlines.cancelAllWithinScope(START_DEADLINE);
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(PostMaintenanceUpdate command, EffectiveTimePolicy times) {
        if (command.status() != MaintenanceStatus.IN_PROGRESS && command.status() != MaintenanceStatus.VERIFYING) {
            throw ruleViolated("status", "an update's status is in_progress or verifying; use POST /api/maintenances/"
                    + maintenanceId + "/" + (command.status() == MaintenanceStatus.CANCELLED ? "cancel" : "complete")
                    + " to " + (command.status() == MaintenanceStatus.CANCELLED ? "cancel" : "complete") + " it");
        }
        requireNotOver("post an update to");
        if (status == MaintenanceStatus.SCHEDULED) {
            throw conflict("maintenance '" + maintenanceId + "' has not started; start it first (POST "
                    + "/api/maintenances/" + maintenanceId + "/start)");
        }
        Instant at = notBeforeLatest(times.effective(command.at()));
        apply(new MaintenanceUpdatePosted(maintenanceId, command.updateId(), command.status(), command.message(), at));
        return AggregateLifecycle.getVersion();
    }

    /** Only a started window completes: one still scheduled is started first (409), or cancelled. */
    @CommandHandler
    public long handle(CompleteMaintenance command, EffectiveTimePolicy times, DeadlineManager deadlines) {
        requireNotOver("complete");
        if (status == MaintenanceStatus.SCHEDULED) {
            throw conflict("maintenance '" + maintenanceId + "' has not started; start it first (POST "
                    + "/api/maintenances/" + maintenanceId + "/start), or cancel it");
        }
        Instant at = notBeforeLatest(times.effective(command.at()));
        apply(new MaintenanceCompleted(maintenanceId, command.updateId(), command.message(), at, false));
        deadlines.cancelAllWithinScope(COMPLETE_DEADLINE);
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(CancelMaintenance command, EffectiveTimePolicy times, DeadlineManager deadlines) {
        requireNotOver("cancel");
        if (status != MaintenanceStatus.SCHEDULED) {
            throw conflict("maintenance '" + maintenanceId + "' has started; only a scheduled maintenance can be "
                    + "cancelled (complete it instead)");
        }
        apply(new MaintenanceCancelled(maintenanceId, command.updateId(), command.message(),
                latest(times.now(), latestAt)));
        cancelDeadlines(deadlines);
        return AggregateLifecycle.getVersion();
    }

    /**
     * Starts the window at its planned start, however late the deadline fires (every instance was down): the
     * effective time is {@code scheduledFor}, the event's timestamp says when it really happened. Never earlier
     * than the latest time on record, so effective times still never go backwards.
     */
    @DeadlineHandler(deadlineName = START_DEADLINE)
    void startOnTime(MaintenanceDue due) {
        if (status == MaintenanceStatus.SCHEDULED && autoStart && due.scheduledAt().equals(scheduledFor)) {
            apply(new MaintenanceStarted(maintenanceId, automaticUpdateId("start", scheduledFor), null,
                    latest(scheduledFor, latestAt), true));
        }
    }

    /**
     * Completes a running window at its planned end; as {@link #startOnTime}, a deadline no longer due does nothing.
     * When both deadlines fire at once (every instance was down through the whole window) the completion may come
     * first: a window that starts itself has then started at its planned start, and is started here before it is
     * completed (the start deadline, coming second, finds nothing to do).
     */
    @DeadlineHandler(deadlineName = COMPLETE_DEADLINE)
    void completeOnTime(MaintenanceDue due) {
        if (!autoComplete || !due.scheduledAt().equals(scheduledUntil)) {
            return;
        }
        if (status == MaintenanceStatus.SCHEDULED && autoStart) {
            startOnTime(new MaintenanceDue(scheduledFor));
        }
        if (status.isActive()) {
            apply(new MaintenanceCompleted(maintenanceId, automaticUpdateId("complete", scheduledUntil), null,
                    latest(scheduledUntil, latestAt), true));
        }
    }

    @EventSourcingHandler
    void on(MaintenanceScheduled event) {
        maintenanceId = event.maintenanceId();
        status = MaintenanceStatus.SCHEDULED;
        title = event.title();
        components = event.components();
        scheduledFor = event.scheduledFor();
        scheduledUntil = event.scheduledUntil();
        autoStart = event.autoStart();
        autoComplete = event.autoComplete();
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(MaintenanceRescheduled event) {
        title = event.title();
        components = event.components();
        scheduledFor = event.scheduledFor();
        scheduledUntil = event.scheduledUntil();
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(MaintenanceStarted event) {
        status = MaintenanceStatus.IN_PROGRESS;
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(MaintenanceUpdatePosted event) {
        status = event.status();
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(MaintenanceCompleted event) {
        status = MaintenanceStatus.COMPLETED;
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(MaintenanceCancelled event) {
        status = MaintenanceStatus.CANCELLED;
        latestAt = event.at();
    }

    private static void scheduleDeadlines(DeadlineManager deadlines, boolean autoStart, Instant start,
                                          boolean autoComplete, Instant end) {
        if (autoStart) {
            deadlines.schedule(start, START_DEADLINE, new MaintenanceDue(start));
        }
        if (autoComplete) {
            deadlines.schedule(end, COMPLETE_DEADLINE, new MaintenanceDue(end));
        }
    }

    private static void cancelDeadlines(DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(START_DEADLINE);
        deadlines.cancelAllWithinScope(COMPLETE_DEADLINE);
    }

    /** The same on every firing of the same deadline: a duplicate firing could not name another update. */
    private String automaticUpdateId(String transition, Instant planned) {
        return UUID.nameUUIDFromBytes((maintenanceId + "/" + transition + "/" + planned)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void requireScheduled(String action) {
        requireNotOver(action);
        if (status != MaintenanceStatus.SCHEDULED) {
            throw conflict("maintenance '" + maintenanceId + "' has started (it is " + status + "); cannot " + action
                    + " it: only a scheduled maintenance's plan can change");
        }
    }

    private void requireNotOver(String action) {
        if (Objects.requireNonNull(status).isOver()) {
            throw conflict("maintenance '" + maintenanceId + "' is " + status + "; cannot " + action + " it");
        }
    }

    private Instant notBeforeLatest(Instant at) {
        if (at.isBefore(latestAt)) {
            throw ruleViolated("at", "'at' " + at + " is earlier than the maintenance's latest recorded time "
                    + latestAt + "; effective times never go backwards");
        }
        return at;
    }
}
