package io.incidentledger.command.incident;

import io.incidentledger.command.ExpectedVersion;
import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.PostmortemPublished;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Instant;
import java.util.List;

import static io.incidentledger.command.CommandRejectedException.conflict;
import static io.incidentledger.command.CommandRejectedException.ruleViolated;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One incident, from opening to resolution (and possibly again). It guards the rules of the record:
 * effective times never go backwards and never precede the start, only known and active components
 * are declared, and a resolved incident takes no further updates until reopened.
 */
public class Incident {

    @AggregateIdentifier
    private String incidentId;

    /** {@code If-Match}: refuse before any rule runs if the sender saw another version (see ExpectedVersion). */
    @CommandHandlerInterceptor
    Object checkExpectedVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        ExpectedVersion.check(command);
        return chain.proceed();
    }
    private Impact impact;
    private boolean resolved;
    /** The latest effective time on record; the next one may not be earlier. */
    private Instant latestAt;

    protected Incident() {
        // for Axon's event sourcing
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
        apply(new PostmortemPublished(incidentId, command.body(), times.now()));
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(IncidentOpened event) {
        incidentId = event.incidentId();
        impact = event.impact();
        latestAt = event.at();
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
