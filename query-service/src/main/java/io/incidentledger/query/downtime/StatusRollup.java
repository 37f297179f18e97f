package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.util.Collection;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.events.ComponentStatus.UNDER_MAINTENANCE;

/**
 * A whole page of component statuses in one line, worded as Atlassian Statuspage words it so that
 * anything already reading Statuspage's summary reads ours.
 *
 * @param indicator   {@code none}, {@code minor}, {@code major} or {@code critical}
 * @param description the banner text
 */
public record StatusRollup(String indicator, String description) {

    /**
     * Statuspage's rules only ever ask "is any component this bad?" and "are all of them at least this
     * bad?", so the worst and the best status decide everything. The rules are tried from the most
     * severe down, and the first that holds wins.
     */
    public static StatusRollup of(Collection<ComponentStatus> statuses) {
        ComponentStatus worst = statuses.stream().reduce(ComponentStatus::worst).orElse(OPERATIONAL);
        ComponentStatus best = statuses.stream().reduce(StatusRollup::best).orElse(OPERATIONAL);

        if (best == MAJOR_OUTAGE) {
            return new StatusRollup("critical", "Major System Outage");
        }
        if (worst == MAJOR_OUTAGE || atLeast(best, PARTIAL_OUTAGE)) {
            return new StatusRollup("major", "Partial System Outage");
        }
        if (worst == PARTIAL_OUTAGE) {
            return new StatusRollup("minor", "Minor Service Outage");
        }
        if (atLeast(best, DEGRADED_PERFORMANCE)) {
            return new StatusRollup("minor", "Degraded System Service");
        }
        if (worst == DEGRADED_PERFORMANCE) {
            return new StatusRollup("minor", "Partially Degraded Service");
        }
        if (worst == UNDER_MAINTENANCE) {
            return new StatusRollup("none", "Service Under Maintenance");
        }
        return new StatusRollup("none", "All Systems Operational");
    }

    private static ComponentStatus best(ComponentStatus a, ComponentStatus b) {
        return a.isWorseThan(b) ? b : a;
    }

    private static boolean atLeast(ComponentStatus status, ComponentStatus level) {
        return !level.isWorseThan(status);
    }
}
