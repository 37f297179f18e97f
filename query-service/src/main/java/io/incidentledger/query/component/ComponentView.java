package io.incidentledger.query.component;

import java.time.Instant;

/** A component as the read side knows it. {@code group} and {@code description} may be null. */
public record ComponentView(String id, String name, String group, String description, int position,
                            boolean retired, Instant createdAt, Instant updatedAt) {
}
