package io.incidentledger.events.component;

import org.axonframework.serialization.Revision;

/**
 * A component (a "stack") joined the status page. {@code group} and {@code description} may be null.
 *
 * <p>Revision 2 added the two display flags Statuspage components carry; a revision 1 event is upcast with
 * the values every component had before: shown on the page, whatever its status.
 *
 * @param showcase           shown on the status page at all
 * @param onlyShowIfDegraded shown only while its status is worse than operational
 */
@Revision("2")
public record ComponentRegistered(String componentId, String name, String group, String description,
                                  int position, boolean showcase, boolean onlyShowIfDegraded) {

    public static final boolean DEFAULT_SHOWCASE = true;
    public static final boolean DEFAULT_ONLY_SHOW_IF_DEGRADED = false;

    /** A component with the default display flags, as every revision 1 registration was. */
    public ComponentRegistered(String componentId, String name, String group, String description, int position) {
        this(componentId, name, group, description, position, DEFAULT_SHOWCASE, DEFAULT_ONLY_SHOW_IF_DEGRADED);
    }
}
