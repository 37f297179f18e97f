package io.incidentledger.command.component;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

import static io.incidentledger.command.dispatch.CommandRejectedException.conflict;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A component (stack) of the status page. Its id is the slug chosen at registration, for ever. */
public class Component {

    @AggregateIdentifier
    private String componentId;

    private String name;
    private String group;
    private String description;
    private int position;
    private boolean retired;

    protected Component() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Component(RegisterComponent command, ComponentCatalog catalog) {
        if (catalog.standingOf(command.componentId()).isPresent()) {
            // Ids are for ever: a retired component's id stays taken, so history never mixes two components.
            throw conflict("component '" + command.componentId() + "' already exists");
        }
        apply(new ComponentRegistered(command.componentId(), command.name(), blankToNull(command.group()),
                blankToNull(command.description()), command.position(), command.showcase(),
                command.onlyShowIfDegraded()));
    }

    @CommandHandler
    public long handle(UpdateComponent command) {
        if (retired) {
            throw conflict("component '" + componentId + "' is retired and can no longer change");
        }
        var updated = new ComponentUpdated(componentId,
                command.name() != null ? command.name() : name,
                command.group() != null ? blankToNull(command.group()) : group,
                command.description() != null ? blankToNull(command.description()) : description,
                command.position() != null ? command.position() : position);
        if (!updated.equals(new ComponentUpdated(componentId, name, group, description, position))) {
            apply(updated);
        }
        return AggregateLifecycle.getVersion();
    }

    /** Retiring twice is not an error: DELETE is idempotent, and the second call records nothing. */
    @CommandHandler
    public long handle(RetireComponent command) {
        if (!retired) {
            apply(new ComponentRetired(componentId));
        }
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(ComponentRegistered event) {
        componentId = event.componentId();
        name = event.name();
        group = event.group();
        description = event.description();
        position = event.position();
    }

    @EventSourcingHandler
    void on(ComponentUpdated event) {
        name = event.name();
        group = event.group();
        description = event.description();
        position = event.position();
    }

    @EventSourcingHandler
    void on(ComponentRetired event) {
        retired = true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
