package io.incidentledger.query.component;

import java.time.Instant;

/**
 * A component as the read side knows it. {@code group} and {@code description} may be null.
 *
 * @param showcase           Statuspage's display flag: shown on the page at all
 * @param onlyShowIfDegraded Statuspage's display flag: shown only while worse than operational
 * @param version            the aggregate version: the sequence number of its last event projected (null for a row
 *                           projected before versions were kept, until a rebuild)
 */
public record ComponentView(String id, String name, String group, String description, int position,
                            boolean retired, Instant createdAt, Instant updatedAt, boolean showcase,
                            boolean onlyShowIfDegraded, Long version) {
}
