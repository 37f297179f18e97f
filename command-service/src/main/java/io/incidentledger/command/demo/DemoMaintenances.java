package io.incidentledger.command.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.incidentledger.command.demo.HerokuJune2012.Step;

/**
 * The demo's planned downtime: a database failover drill done ten days ago (announced, started and completed with
 * backdated times, by hand: no deadline fires for it) and a platform upgrade three days ahead, which starts and
 * completes itself. Fixed ids, so on a restart each announcement meets a 409 and nothing is added twice. Pure.
 */
final class DemoMaintenances {

    static final String DRILL_ID = "demo-maintenance-drill";
    static final String UPGRADE_ID = "demo-maintenance-upgrade";

    private DemoMaintenances() {
    }

    static List<RecentHistory.Script> at(Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant announced = now.minus(Duration.ofDays(10));
        Instant drillStart = announced.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));
        Instant drillEnd = drillStart.plus(Duration.ofMinutes(45));
        String drill = "/api/maintenances/" + DRILL_ID;
        RecentHistory.Script done = new RecentHistory.Script(DRILL_ID, List.of(
                new Step("/api/maintenances", Map.of("id", DRILL_ID, "title", "Database failover drill",
                        "message", "We will fail the production databases over to their standbys to test our "
                                + "recovery procedures. Connections may drop for a few seconds.",
                        "at", announced.toString(), "components", List.of("postgres"),
                        "scheduledFor", drillStart.toString(), "scheduledUntil", drillEnd.toString(),
                        "autoStart", false, "autoComplete", false)),
                new Step(drill + "/start", Map.of("message", "The failover drill has begun.",
                        "at", drillStart.toString())),
                new Step(drill + "/updates", Map.of("status", "verifying", "message", "Every database has failed "
                        + "over; we are verifying replication.", "at", drillStart.plus(Duration.ofMinutes(30)).toString())),
                new Step(drill + "/complete", Map.of("message", "The drill is complete. Every database is healthy.",
                        "at", drillEnd.toString()))));

        Instant upgradeStart = now.plus(Duration.ofDays(3)).plus(Duration.ofHours(1));
        RecentHistory.Script upcoming = new RecentHistory.Script(UPGRADE_ID, List.of(
                new Step("/api/maintenances", Map.of("id", UPGRADE_ID, "title", "Platform API upgrade",
                        "message", "We are upgrading the Platform API. Deploys may be slow during the window.",
                        "components", Map.of("api", "degraded_performance"),
                        "scheduledFor", upgradeStart.toString(),
                        "scheduledUntil", upgradeStart.plus(Duration.ofHours(2)).toString()))));
        return List.of(done, upcoming);
    }
}
