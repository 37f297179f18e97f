package io.incidentledger.command.incident;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

import static io.incidentledger.command.dispatch.CommandRejectedException.conflict;
import static io.incidentledger.command.dispatch.CommandRejectedException.ruleViolated;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One incident, from opening to resolution (and possibly again). It guards the rules of the record:
 * effective times never go backwards and never precede the start, only known and active components
 * are declared, and a resolved incident takes no further updates until reopened. The past is fixed by
 * corrections, which must lie within the incident's life.
 */
@Revision(Incident.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Incident {

    /**
     * The shape of this class's fields as stored in snapshots ({@code snapshotevententry}): a busy incident is
     * loaded from its latest snapshot and the events after it, not from its whole history. Raise it whenever a
     * field is added, removed or changes meaning: Axon then ignores the older snapshots and replays the events.
     * The snapshot holds the fields (visible to Jackson here), never anything the events do not.
     */
    public static final String SNAPSHOT_REVISION = "1";

    @AggregateIdentifier
    private String incidentId;

    private Impact impact;
    private boolean resolved;
    /** The latest effective time on record; the next one may not be earlier. */
    private Instant latestAt;
    /** When the incident began in the world; nothing about it precedes this. */
    private Instant startedAt;
    /** The effective time of the latest resolution; meaningful only while {@link #resolved}. */
    private Instant resolvedAt;

    /** For Axon's event sourcing, and for Jackson reading a snapshot (not the command handler's constructor). */
    @JsonCreator
    protected Incident() {
    }

    @CommandHandler
    public Incident(OpenIncident command, EffectiveTimePolicy times, ComponentCatalog catalog) {
        if (command.status() == IncidentStatus.RESOLVED) {
            throw ruleViolated("status", "an incident cannot be opened as resolved");
        }
        Instant at = times.effective(command.at());
        requireDeclarable(command.components(), catalog);
        apply(new IncidentOpened(command.incidentId(), command.title(), command.impact(),
                command.status() != null ? command.status() : IncidentStatus.INVESTIGATING,
                command.updateId(), command.message(), at, command.components()));
    }

    @CommandHandler
    public long handle(PostUpdate command, EffectiveTimePolicy times, ComponentCatalog catalog) {
        requireOpen("post an update to");
        if (command.status() == IncidentStatus.RESOLVED) {
            throw ruleViolated("status", "resolve an incident with POST /api/incidents/" + incidentId + "/resolve");
        }
        Instant at = notBeforeLatest(times.effective(command.at()));
        requireDeclarable(command.components(), catalog);
        apply(new IncidentUpdatePosted(incidentId, command.updateId(), command.status(), command.message(), at,
                command.components()));
        return AggregateLifecycle.getVersion();
    }

    /** Changing to the impact it already has records nothing. */
    @CommandHandler
    public long handle(ChangeImpact command, EffectiveTimePolicy times) {
        requireOpen("change the impact of");
        if (command.impact() != impact) {
            Instant now = times.now();
            apply(new IncidentImpactChanged(incidentId, command.impact(), now.isBefore(latestAt) ? latestAt : now));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(ResolveIncident command, EffectiveTimePolicy times) {
        requireOpen("resolve");
        Instant at = notBeforeLatest(times.effective(command.at()));
        apply(new IncidentResolved(incidentId, command.updateId(), command.message(), at));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(ReopenIncident command, EffectiveTimePolicy times, ComponentCatalog catalog) {
        if (!resolved) {
            throw conflict("incident '" + incidentId + "' is open; only a resolved incident can be reopened");
        }
        Instant at = notBeforeLatest(times.effective(command.at()));
        requireDeclarable(command.components(), catalog);
        apply(new IncidentReopened(incidentId, command.updateId(), command.message(), at, command.components()));
        return AggregateLifecycle.getVersion();
    }

    /** Allowed in any state: post-mortems are usually written after the resolution. */
    @CommandHandler
    public long handle(PublishPostmortem command, EffectiveTimePolicy times) {
        apply(new IncidentPostmortemPublished(incidentId, command.body(), times.now()));
        return AggregateLifecycle.getVersion();
    }

    /**
     * Allowed on open and resolved incidents alike (SPEC §3 rule 6): hindsight usually arrives after the
     * resolution. The interval must lie within the incident's life: not before its start, not after its
     * resolution, and while it is open not further in the future than any effective time may be. It does not
     * move {@link #latestAt}: it speaks about the past, so later updates are not held back by it. A retired
     * component may be corrected: it still had the past the correction speaks of.
     */
    @CommandHandler
    public long handle(CorrectImpact command, EffectiveTimePolicy times, ComponentCatalog catalog) {
        if (command.componentId() == null || catalog.standingOf(command.componentId()).isEmpty()) {
            throw ruleViolated("componentId", "unknown component '" + command.componentId() + "'");
        }
        if (command.status() == null) {
            throw ruleViolated("status", "a correction names the status the component really had");
        }
        requireReason(command.reason());
        Instant from = required("from", command.from());
        Instant to = required("to", command.to());
        if (!from.isBefore(to)) {
            throw ruleViolated("to", "'to' " + to + " must be later than 'from' " + from);
        }
        if (from.isBefore(startedAt)) {
            throw ruleViolated("from", "'from' " + from + " precedes the incident's start " + startedAt);
        }
        if (resolved && to.isAfter(resolvedAt)) {
            throw ruleViolated("to", "'to' " + to + " lies after the incident's resolution " + resolvedAt
                    + " (reopen it to record impact after that)");
        }
        if (!resolved) {
            times.notInFuture("to", to);
        }
        apply(new IncidentImpactCorrected(incidentId, command.correctionId(), command.componentId(), command.status(), from,
                to, command.reason()));
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(IncidentOpened event) {
        incidentId = event.incidentId();
        impact = event.impact();
        latestAt = event.at();
        startedAt = event.at();
    }

    @EventSourcingHandler
    void on(IncidentUpdatePosted event) {
        latestAt = event.at();
    }

    @EventSourcingHandler
    void on(IncidentImpactChanged event) {
        impact = event.impact();
    }

    @EventSourcingHandler
    void on(IncidentResolved event) {
        resolved = true;
        latestAt = event.at();
        resolvedAt = event.at();
    }

    @EventSourcingHandler
    void on(IncidentReopened event) {
        resolved = false;
        latestAt = event.at();
    }

    private void requireOpen(String action) {
        if (resolved) {
            throw conflict("incident '" + incidentId + "' is resolved; cannot " + action
                    + " it (reopen it first, or record a correction)");
        }
    }

    private Instant notBeforeLatest(Instant at) {
        if (at.isBefore(latestAt)) {
            throw ruleViolated("at", "'at' " + at + " is earlier than the incident's latest recorded time "
                    + latestAt + "; effective times never go backwards (fix the past with a correction)");
        }
        return at;
    }

    private static Instant required(String field, Instant value) {
        if (value == null) {
            throw ruleViolated(field, "'" + field + "' is required");
        }
        return value;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ruleViolated("reason", "a correction says why the record was wrong: 'reason' must not be blank");
        }
        if (reason.length() > CorrectImpact.MAX_REASON_LENGTH) {
            throw ruleViolated("reason", "'reason' is longer than " + CorrectImpact.MAX_REASON_LENGTH + " characters");
        }
    }

    private static void requireDeclarable(List<ComponentDeclaration> declarations, ComponentCatalog catalog) {
        for (ComponentDeclaration declaration : declarations) {
            String field = "components." + declaration.componentId();
            Standing standing = catalog.standingOf(declaration.componentId())
                    .orElseThrow(() -> ruleViolated(field, "unknown component '" + declaration.componentId() + "'"));
            if (standing == Standing.RETIRED) {
                throw ruleViolated(field, "component '" + declaration.componentId() + "' is retired");
            }
            Double fraction = declaration.affectedFraction();
            if (fraction != null && !(fraction > 0 && fraction <= 1)) {
                throw ruleViolated(field + ".affectedFraction", "affectedFraction must be in (0, 1], was " + fraction);
            }
        }
    }
}
