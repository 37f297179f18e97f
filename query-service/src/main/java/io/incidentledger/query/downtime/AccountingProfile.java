package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.util.Arrays;
import java.util.Optional;

/**
 * How much of a second of trouble counts as downtime when uptime is computed. Slow or planned-for is
 * still up under every profile: customers can use a degraded service, and maintenance was announced.
 */
public enum AccountingProfile {

    /** Statuspage's own formula: a partial outage costs 0.3 of a second, whoever it hit. */
    STATUSPAGE("statuspage", 0.3, false),

    /** For SLAs that do not grade outages: partial is as down as major. */
    STRICT("strict", 1.0, false),

    /**
     * An outage costs the fraction of users it hit, when the commander said; when they did not, the
     * statuspage weights stand in rather than guessing "everyone".
     */
    WEIGHTED("weighted", 0.3, true);

    public static final AccountingProfile DEFAULT = STATUSPAGE;

    private final String wireName;
    private final double partialOutageWeight;
    private final boolean weighsAffectedFraction;

    AccountingProfile(String wireName, double partialOutageWeight, boolean weighsAffectedFraction) {
        this.wireName = wireName;
        this.partialOutageWeight = partialOutageWeight;
        this.weighsAffectedFraction = weighsAffectedFraction;
    }

    /** How down a second with this status is, from 0 (up) to 1 (down for everyone). */
    public double downWeight(ComponentStatus status, Double affectedFraction) {
        double byStatus = switch (status) {
            case MAJOR_OUTAGE -> 1.0;
            case PARTIAL_OUTAGE -> partialOutageWeight;
            case DEGRADED_PERFORMANCE, UNDER_MAINTENANCE, OPERATIONAL -> 0.0;
        };
        boolean isOutage = byStatus > 0.0;
        return isOutage && weighsAffectedFraction && affectedFraction != null ? affectedFraction : byStatus;
    }

    public double downWeight(Interval interval) {
        return downWeight(interval.status(), interval.affectedFraction());
    }

    public static Optional<AccountingProfile> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
