package io.incidentledger.command.component;

import io.incidentledger.events.component.ComponentRegistered;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * @param showcase           shown on the status page at all (Statuspage's {@code showcase})
 * @param onlyShowIfDegraded shown only while worse than operational (Statuspage's {@code only_show_if_degraded})
 */
public record RegisterComponent(@TargetAggregateIdentifier String componentId, String name, String group,
                                String description, int position, boolean showcase, boolean onlyShowIfDegraded) {

    /** With the default display flags: shown, whatever its status. */
    public RegisterComponent(String componentId, String name, String group, String description, int position) {
        this(componentId, name, group, description, position, ComponentRegistered.DEFAULT_SHOWCASE,
                ComponentRegistered.DEFAULT_ONLY_SHOW_IF_DEGRADED);
    }
}
