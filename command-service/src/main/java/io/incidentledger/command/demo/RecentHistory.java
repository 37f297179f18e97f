package io.incidentledger.command.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.incidentledger.command.demo.HerokuJune2012.Step;

/**
 * The demo's recent past, so that the status page a newcomer opens is not all green: seven incidents on the
 * {@link HerokuJune2012} components over the last 90 days, written relative to the clock's now at first load.
 * Minor, major and critical ones; backdated updates ({@code at} in the past); resolutions; two post-mortems;
 * a correction; and one incident still open (degraded performance on Cedar, being monitored).
 *
 * <p>Every effective time lies in {@code [now - 90 days, now]}: nothing here needs the 5 minutes of future skew
 * the command side allows, and every incident's times run forwards from its start. Incident ids are fixed
 * ({@code demo-recent-1} ... {@code demo-recent-7}), so on a restart against the same database every opening
 * meets a 409 and the loader skips that incident's remaining steps: the history is not added twice, even though
 * a restart computes it against another now. Pure: no I/O, nothing but the clock.
 */
final class RecentHistory {

    static final String ID_PREFIX = "demo-recent-";
    /** The uptime bars' span: every incident here starts and ends inside it. */
    static final Duration SPAN = Duration.ofDays(90);

    /** One incident of the history: its id and its requests, the opening first. */
    record Script(String id, List<Step> steps) {
        Step opening() {
            return steps.get(0);
        }

        List<Step> rest() {
            return steps.subList(1, steps.size());
        }
    }

    private RecentHistory() {
    }

    /** The history as of the clock's now (truncated to the minute), oldest incident first. */
    static List<Script> at(Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<Script> scripts = new ArrayList<>();

        scripts.add(new Builder(1, ago(now, "83d", "2h"))
                .open("Slow failovers on production databases", "major", "investigating",
                        "Some production databases are taking several minutes to fail over to their standbys. "
                                + "Applications using them see connection errors.",
                        Map.of("postgres", fraction("partial_outage", 0.12)))
                .update("identified", "25m", "A configuration change slowed health checks across the database "
                        + "fleet. We are rolling it back.", Map.of())
                .update("monitoring", "1h10m", "The rollback is complete and failovers are fast again; a few "
                        + "databases are still catching up on replication.", Map.of("postgres", "degraded_performance"))
                .resolve("2h5m", "Every production database is healthy and replicating normally.")
                .postmortem("""
                        ## What happened
                        A configuration change lengthened the interval between database health checks from 5 to \
                        90 seconds. When primaries failed, standbys took minutes rather than seconds to be promoted.

                        ## Impact
                        About 12% of production databases had a failover during the window; their applications \
                        saw connection errors for up to 6 minutes each.

                        ## What we are changing
                        - Health-check settings are now validated against failover targets before rollout.
                        - Fleet-wide configuration changes are staged, 1% of databases first.
                        """)
                .script());

        scripts.add(new Builder(2, ago(now, "61d", "5h30m"))
                .open("Slow builds on the Cedar stack", "minor", "investigating",
                        "Slug compilation is taking longer than usual. Running applications are not affected.",
                        Map.of("cedar", "degraded_performance"))
                .update("identified", "40m", "A build cache node is overloaded; we are adding capacity.", Map.of())
                .resolve("1h25m", "Build times are back to normal.")
                .script());

        Builder routing = new Builder(3, ago(now, "38d", "9h15m"))
                .open("Routing outage: applications unreachable", "critical", "investigating",
                        "Requests to Bamboo and Cedar applications are failing. Deploys through the API are "
                                + "failing too.",
                        Map.of("bamboo", "major_outage", "cedar", "major_outage", "api", "partial_outage"))
                .update("identified", "22m", "A faulty router release is the cause. We are rolling it back.", Map.of())
                .update("identified", "47m", "Cedar routing is restored. Bamboo applications are recovering.",
                        Map.of("cedar", "operational", "bamboo", fraction("partial_outage", 0.5),
                                "api", "degraded_performance"))
                .update("monitoring", "1h5m", "Every application is reachable and deploys work again. We are "
                        + "watching error rates.", Map.of("bamboo", "operational", "api", "operational"))
                .resolve("1h40m", "Routing has been stable for half an hour. This incident is resolved.");
        scripts.add(routing
                .correct("bamboo", "major_outage", "47m", "59m", "Router logs show Bamboo applications stayed fully "
                        + "unreachable for 12 minutes after the 47-minute update said they were recovering.")
                .postmortem("""
                        ## What happened
                        A router release with a broken connection-pool limit was rolled out to every region at \
                        once. Routers ran out of upstream connections and refused requests.

                        ## Timeline
                        - **0m**: error rates rise on Bamboo and Cedar; incident opened.
                        - **22m**: the release identified as the cause; rollback started.
                        - **47m**: Cedar routers rolled back.
                        - **59m**: Bamboo routers rolled back (corrected: the update at 47m said so too early).
                        - **1h40m**: resolved after 35 minutes of normal error rates.

                        ## What we are changing
                        Router releases now go to one region at a time, with an automatic rollback on error rates.
                        """)
                .script());

        scripts.add(new Builder(4, ago(now, "19d", "3h45m"))
                .open("Slow responses from the Platform API", "minor", "investigating",
                        "CLI commands and API calls are slower than usual.", Map.of("api", "degraded_performance"))
                .update("monitoring", "30m", "A slow query has been fixed; response times are recovering.", Map.of())
                .resolve("50m", "API response times are back to normal.")
                .script());

        scripts.add(new Builder(5, ago(now, "9d", "7h"))
                .open("Shared database provisioning failures", "major", "investigating",
                        "Creating and connecting to some shared and beta databases fails.",
                        Map.of("dev-databases", fraction("partial_outage", 0.4)))
                .update("identified", "1h", "A storage volume on one database host is full. We are moving "
                        + "databases off it.", Map.of())
                .update("monitoring", "2h30m", "Every database is reachable again; provisioning is still slow.",
                        Map.of("dev-databases", "degraded_performance"))
                .resolve("3h5m", "Provisioning is back to normal.")
                .script());

        scripts.add(new Builder(6, ago(now, "3d", "4h20m"))
                .open("Deploys failing for some applications", "major", "investigating",
                        "About a quarter of deploys fail with a timeout. Running applications are not affected.",
                        Map.of("api", fraction("partial_outage", 0.25)))
                .update("identified", "18m", "An expired certificate on one build host; it is being replaced.",
                        Map.of())
                .update("monitoring", "35m", "The certificate is replaced and deploys succeed again.",
                        Map.of("api", "operational"))
                .resolve("50m", "Deploys have been succeeding for 15 minutes.")
                .script());

        // Still open: the status page shows it at the top, with its updates, and Cedar as degraded.
        scripts.add(new Builder(7, now.minus(Duration.ofMinutes(47)))
                .open("Elevated response times on Cedar", "minor", "investigating",
                        "Some Cedar applications respond more slowly than usual. We are investigating.",
                        Map.of("cedar", "degraded_performance"))
                .update("identified", "16m", "One group of routers is overloaded; we are moving traffic off it.",
                        Map.of())
                .update("monitoring", "38m", "Response times are improving as traffic moves. We are watching.",
                        Map.of())
                .script());
        return List.copyOf(scripts);
    }

    /** {@code days} and then {@code time} (like {@code 5h30m}) before now. */
    private static Instant ago(Instant now, String days, String time) {
        return now.minus(Duration.parse("P" + days.toUpperCase())).minus(offset(time));
    }

    private static Duration offset(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }

    private static Map<String, Object> fraction(String status, double affectedFraction) {
        return Map.of("status", status, "affectedFraction", affectedFraction);
    }

    /** One incident's requests, every time an offset from its start. */
    private static final class Builder {
        private final String id;
        private final String path;
        private final Instant start;
        private final List<Step> steps = new ArrayList<>();

        Builder(int number, Instant start) {
            this.id = ID_PREFIX + number;
            this.path = "/api/incidents/" + id;
            this.start = start;
        }

        Builder open(String title, String impact, String status, String message, Map<String, Object> components) {
            steps.add(new Step("/api/incidents", Map.of("id", id, "title", title, "impact", impact, "status", status,
                    "message", message, "at", start.toString(), "components", components)));
            return this;
        }

        Builder update(String status, String after, String message, Map<String, Object> components) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("message", message);
            body.put("at", at(after));
            if (!components.isEmpty()) {
                body.put("components", components);
            }
            steps.add(new Step(path + "/updates", body));
            return this;
        }

        Builder resolve(String after, String message) {
            steps.add(new Step(path + "/resolve", Map.of("message", message, "at", at(after))));
            return this;
        }

        Builder correct(String componentId, String status, String from, String to, String reason) {
            steps.add(new Step(path + "/corrections", Map.of("componentId", componentId, "status", status,
                    "from", at(from), "to", at(to), "reason", reason)));
            return this;
        }

        Builder postmortem(String body) {
            steps.add(new Step(path + "/postmortem", Map.of("body", body)));
            return this;
        }

        Script script() {
            return new Script(id, List.copyOf(steps));
        }

        private String at(String after) {
            return start.plus(offset(after)).toString();
        }
    }
}
