package io.incidentledger.command.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The demo: Heroku's outage of 29 June 2012 (20:04 PDT, so 03:04 UTC on the 30th), told as an incident
 * commander would have entered it, phase by phase, with the per-stack durations of Heroku's own
 * post-incident report. The wording is ours; the times are theirs:
 * <ul>
 *   <li>Bamboo: total outage 3h50m, then intermittent failures 51m, then degraded (no HTTP caching) 9h30m.</li>
 *   <li>Cedar: about 30% of apps lost dynos for 2h27m, then dynos came back gradually over 2h50m.</li>
 *   <li>API: disabled or read-only 3h41m, then deploys still blocked 1h30m.</li>
 *   <li>Production databases: 20% down up to 7h, a further 8% down another 10h.</li>
 *   <li>Shared and beta databases: some offline up to 23h in all; the incident resolves then.</li>
 * </ul>
 * Every step is a request to the command API, so the demo exercises exactly what a commander would.
 */
final class HerokuJune2012 {

    static final String INCIDENT_ID = "heroku-2012-06-29";
    static final Instant STARTED_AT = Instant.parse("2012-06-30T03:04:00Z");

    /** One request of the script: a POST to {@code path} with {@code body}. */
    record Step(String path, Map<String, Object> body) {
    }

    private HerokuJune2012() {
    }

    static List<Step> components() {
        return List.of(
                component("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack with Varnish caching", 1),
                component("cedar", "Cedar stack", "Production", "Current application stack", 2),
                component("api", "Platform API", "Production", "Deploys, scaling and the CLI", 3),
                component("postgres", "Production databases", "Heroku Postgres", "Dedicated databases", 4),
                component("dev-databases", "Shared and beta databases", "Heroku Postgres",
                        "Shared development and beta plans", 5));
    }

    static List<Step> incident() {
        String path = "/api/incidents/" + INCIDENT_ID;
        return List.of(
                new Step("/api/incidents", Map.of(
                        "id", INCIDENT_ID,
                        "title", "Widespread application and database outage",
                        "impact", "critical",
                        "status", "investigating",
                        "message", "Applications and databases are unreachable after our hosting region lost "
                                + "power. API access is disabled while we restore service.",
                        "at", at("0m"),
                        "components", Map.of(
                                "bamboo", "major_outage",
                                "cedar", Map.of("status", "partial_outage", "affectedFraction", 0.3),
                                "api", "major_outage",
                                "postgres", Map.of("status", "major_outage", "affectedFraction", 0.2),
                                "dev-databases", "major_outage"))),
                update(path, "identified", "2h27m", "Cedar dynos are being restarted on fresh capacity; "
                        + "recovery will be gradual.", Map.of("cedar", "degraded_performance")),
                update(path, "identified", "3h41m", "The API is back in read-only mode. Deploys stay disabled.",
                        Map.of("api", "partial_outage")),
                update(path, "identified", "3h50m", "Bamboo applications are serving again, with intermittent "
                        + "HTTP errors.", Map.of("bamboo", "partial_outage")),
                update(path, "identified", "4h41m", "Bamboo error rates are back to normal. Its HTTP cache stays "
                        + "off while we rebuild it, so responses are slower.", Map.of("bamboo", "degraded_performance")),
                update(path, "identified", "5h11m", "Deploys are enabled again; the API is fully available.",
                        Map.of("api", "operational")),
                update(path, "identified", "5h17m", "All Cedar dynos are running.", Map.of("cedar", "operational")),
                update(path, "identified", "7h", "Most production databases are restored from continuous "
                        + "archives; about 8% are still being recovered.",
                        Map.of("postgres", Map.of("status", "major_outage", "affectedFraction", 0.08))),
                update(path, "identified", "14h11m", "The Bamboo HTTP cache is back.", Map.of("bamboo", "operational")),
                update(path, "monitoring", "17h", "Every production database is recovered. Shared and beta "
                        + "databases are still being restored.", Map.of("postgres", "operational")),
                new Step(path + "/resolve", Map.of(
                        "message", "The last shared and beta databases are back. All services are operational.",
                        "at", at("23h"))),
                new Step(path + "/postmortem", Map.of("body", """
                        ## What happened
                        A power loss in our hosting region took about 30% of our instances offline, along with \
                        many storage volumes holding database data, and its management API with them.

                        ## Impact per stack
                        | stack | phases |
                        |---|---|
                        | Bamboo | total outage 3h50m, intermittent errors 51m, degraded 9h30m |
                        | Cedar | ~30% of apps down 2h27m, gradual recovery 2h50m |
                        | API | disabled or read-only 3h41m, deploys blocked 1h30m |
                        | Production databases | 20% down up to 7h, a further 8% up to 17h |
                        | Shared and beta databases | some offline up to 23h |
                        """)));
    }

    /** The instant {@code offset} (like {@code 3h50m}) after the outage began. */
    static String at(String offset) {
        return STARTED_AT.plus(Duration.parse("PT" + offset.toUpperCase())).toString();
    }

    private static Step component(String id, String name, String group, String description, int position) {
        return new Step("/api/components",
                Map.of("id", id, "name", name, "group", group, "description", description, "position", position));
    }

    private static Step update(String incidentPath, String status, String offset, String message,
                               Map<String, Object> components) {
        return new Step(incidentPath + "/updates",
                Map.of("status", status, "message", message, "at", at(offset), "components", components));
    }
}
