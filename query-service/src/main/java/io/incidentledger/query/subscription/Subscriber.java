package io.incidentledger.query.subscription;

import java.time.Instant;
import java.util.List;

/** A subscriber as the admin sees it: never its secret nor its link token. */
public record Subscriber(String id, String channel, String address, boolean allComponents, List<String> components,
                         Instant createdAt, Instant confirmedAt, Instant lastSuccessAt, Instant lastFailureAt,
                         String lastError, int consecutiveFailures, Instant failingSince) {
}
