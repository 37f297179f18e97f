package io.incidentledger.command.maintenance;

import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.component.ComponentCatalog.Standing;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;

import java.time.Instant;
import java.util.List;

import static io.incidentledger.command.dispatch.CommandRejectedException.ruleViolated;

/** The rules a maintenance plan obeys, shared by a one-off window and a recurring series. */
final class MaintenanceRules {

    /**
     * A window lies within the four-digit years of ISO 8601 and RFC 5545: an occurrence's id carries its start as
     * {@code yyyyMMdd'T'HHmm'Z'}, which outside them gains a sign and breaks the id's syntax, and a rule's
     * expansion reads the start as a local date-time, which fails near {@link Instant#MAX}.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private MaintenanceRules() {
    }

    /**
     * Both ends within the years 0001 to 9999, {@code scheduledFor < scheduledUntil}, and the window does not begin before it was announced ({@code at}):
     * a window already under way or done is announced with a backdated {@code at}, as an incident opened late is.
     */
    static void requireWindow(Instant scheduledFor, Instant scheduledUntil, Instant at) {
        if (scheduledFor == null) {
            throw ruleViolated("scheduledFor", "'scheduledFor' is required");
        }
        if (scheduledUntil == null) {
            throw ruleViolated("scheduledUntil", "'scheduledUntil' is required");
        }
        requireWithinTheYears("scheduledFor", scheduledFor);
        requireWithinTheYears("scheduledUntil", scheduledUntil);
        if (!scheduledFor.isBefore(scheduledUntil)) {
            throw ruleViolated("scheduledUntil", "'scheduledUntil' " + scheduledUntil
                    + " must be later than 'scheduledFor' " + scheduledFor);
        }
        if (scheduledFor.isBefore(at)) {
            throw ruleViolated("scheduledFor", "'scheduledFor' " + scheduledFor + " lies before the announcement ("
                    + at + "); a window that began earlier is announced with a backdated 'at'");
        }
    }

    private static void requireWithinTheYears(String field, Instant end) {
        if (end.isBefore(EARLIEST) || end.isAfter(LATEST)) {
            throw ruleViolated(field, "'" + field + "' " + end + " lies outside the years 0001 to 9999");
        }
    }

    /** Known, not retired, and at a status a maintenance takes a component to (worse than operational). */
    static void requireDeclarable(List<ComponentDeclaration> declarations, ComponentCatalog catalog) {
        for (ComponentDeclaration declaration : declarations) {
            String field = "components." + declaration.componentId();
            Standing standing = catalog.standingOf(declaration.componentId())
                    .orElseThrow(() -> ruleViolated(field, "unknown component '" + declaration.componentId() + "'"));
            if (standing == Standing.RETIRED) {
                throw ruleViolated(field, "component '" + declaration.componentId() + "' is retired");
            }
            if (declaration.status() == null || !declaration.status().isWorseThan(ComponentStatus.OPERATIONAL)) {
                throw ruleViolated(field, "a maintenance takes a component to under_maintenance or a worse status, "
                        + "not " + declaration.status());
            }
            if (declaration.affectedFraction() != null) {
                throw ruleViolated(field, "a maintenance takes the whole component; affectedFraction is for incidents");
            }
        }
    }

    static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
