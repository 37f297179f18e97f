package io.incidentledger.command.inputguard;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input gets a 4xx RFC 9457 problem detail naming the problem, never a 5xx, and appends nothing.
 * One row per bad request: the exact status, and what the problem must name, either a field in
 * {@code errors[].field} or words in {@code detail}.
 */
class BadInputTest extends HttpApiTest {

    private static final String ACTIVE = "bad-input-active";
    private static final String RETIRED = "bad-input-retired";
    private static final String OPEN = "bad-input-open";
    private static final String RESOLVED = "bad-input-resolved";
    private static final String UNKNOWN = "bad-input-nobody";
    private static final String FRACTION = "components." + ACTIVE + ".affectedFraction";

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** When the open and the resolved fixture incidents began. */
    private static final Instant OPENED_AT = NOW.minus(1, ChronoUnit.HOURS);
    private static final Instant BEFORE_OPENING = OPENED_AT.minus(1, ChronoUnit.HOURS);
    private static final Instant FAR_FUTURE = NOW.plus(1, ChronoUnit.DAYS);

    @BeforeAll
    void fixtures() {
        assertThat(post("/api/components", Map.of("id", ACTIVE, "name", "Active")).status()).isEqualTo(201);
        assertThat(post("/api/components", Map.of("id", RETIRED, "name", "Retired")).status()).isEqualTo(201);
        retireComponent(RETIRED);
        for (String id : List.of(OPEN, RESOLVED)) {
            assertThat(post("/api/incidents", Map.of("id", id, "title", "Fixture", "impact", "minor",
                    "message", "Investigating.", "at", OPENED_AT.toString(),
                    "components", Map.of(ACTIVE, "degraded_performance"))).status()).isEqualTo(201);
        }
        resolveIncident(RESOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedWithAProblemDetailAndAppendsNothing(Case bad) {
        long before = eventCount();

        Response response = send(bad.method(), bad.path(), bad.contentType(), bad.body());

        assertThat(response.status()).as("status of %s", response).isEqualTo(bad.status());
        assertThat(response.mediaType()).as("media type of %s", response).isEqualTo(PROBLEM_TYPE);
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).as("type in %s", problem).isNotBlank();
        assertThat(problem.path("title").asString()).as("title in %s", problem).isNotBlank();
        assertThat(problem.path("status").asInt()).as("status in %s", problem).isEqualTo(bad.status());
        String detail = problem.path("detail").asString();
        assertThat(detail).as("detail in %s", problem).isNotBlank();
        assertThat(response.body()).as("no internals leak: %s", problem)
                .doesNotContain("Exception", "io.incidentledger", "tools.jackson", "java.", "at org.");

        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> {
            assertThat(error.path("field").asString()).as("field in %s", error).isNotBlank();
            assertThat(error.path("message").asString()).as("message in %s", error).isNotBlank();
            fields.add(error.path("field").asString());
        });
        if (problem.path("type").asString().endsWith("/invalid-request")) {
            assertThat(fields).as("a validation problem names the offending fields: %s", problem).isNotEmpty();
        }
        if (bad.field() != null) {
            assertThat(fields).as("fields of %s", problem).contains(bad.field());
        }
        if (bad.detail() != null) {
            assertThat(detail).as("detail of %s", problem).containsIgnoringCase(bad.detail());
        }

        assertThat(eventCount()).as("events appended by %s", bad).isEqualTo(before);
    }

    /** Requests Tomcat refuses before Spring sees them still get a problem detail, not an HTML page. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHttp")
    void isRefusedByTheServerWithAProblemDetailToo(String name, String head) {
        long before = eventCount();

        Response response = sendRaw(head);

        assertThat(response.status()).as("status of %s", response).isEqualTo(400);
        assertThat(response.mediaType()).as("media type of %s", response).isEqualTo(PROBLEM_TYPE);
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo("/problems/bad-request");
        assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asString()).contains("malformed");
        assertThat(eventCount()).isEqualTo(before);
    }

    static Stream<Arguments> malformedHttp() {
        String register = "POST /api/components HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2";
        return Stream.of(
                Arguments.of("malformed percent-encoding", "PATCH /api/components/%zz HTTP/1.0"),
                Arguments.of("encoded '/' in the path", "DELETE /api/components/a%2Fb HTTP/1.0"),
                Arguments.of("NUL in the path", "DELETE /api/components/a%00b HTTP/1.0"),
                Arguments.of("request line without a path", "GARBAGE"),
                Arguments.of("oversized header", register + "\r\nX-Padding: " + "p".repeat(20_000)));
    }

    static Stream<Case> badRequests() {
        return Stream.of(componentCases(), incidentCases(), updateCases(), otherIncidentCommandCases(),
                correctionCases(), protocolCases()).flatMap(List::stream);
    }

    private static List<Case> componentCases() {
        String path = "/api/components";
        String patch = path + "/" + ACTIVE;
        return List.of(
                // body that is not a request at all
                post("register: malformed JSON", path, "{\"id\": \"x\", \"name\": ", 400, null, "well-formed"),
                post("register: trailing garbage", path, "{\"id\": \"x\", \"name\": \"X\"} }", 400, null, null),
                post("register: empty body", path, "", 400, null, "missing"),
                post("register: body is an array", path, "[]", 400, null, "JSON object"),
                post("register: body is a string", path, "\"web\"", 400, null, "JSON object"),
                post("register: body is null", path, "null", 400, null, null),
                // missing, malformed or oversized fields
                post("register: id missing", path, Map.of("name", "X"), 400, "id", null),
                post("register: id not a slug", path, Map.of("id", "Web_Dynos", "name", "X"), 400, "id", "slug"),
                post("register: id starts with '-'", path, Map.of("id", "-web", "name", "X"), 400, "id", null),
                post("register: id of 65 characters", path, Map.of("id", "a".repeat(65), "name", "X"), 400, "id", null),
                post("register: id is a number", path, "{\"id\": 42, \"name\": \"X\"}", 400, "id", "'id'"),
                post("register: name missing", path, Map.of("id", "x"), 400, "name", null),
                post("register: name blank", path, Map.of("id", "x", "name", "   "), 400, "name", null),
                post("register: name is null", path, "{\"id\": \"x\", \"name\": null}", 400, "name", null),
                post("register: name of 101 characters", path, Map.of("id", "x", "name", "n".repeat(101)), 400, "name", null),
                post("register: name is an object", path, "{\"id\": \"x\", \"name\": {\"en\": \"X\"}}", 400, "name", "name"),
                post("register: name is a boolean", path, "{\"id\": \"x\", \"name\": true}", 400, "name", "name"),
                post("register: group of 101 characters", path, Map.of("id", "x", "name", "X", "group", "g".repeat(101)), 400, "group", null),
                post("register: description of 2001 characters", path, Map.of("id", "x", "name", "X", "description", "d".repeat(2001)), 400, "description", null),
                post("register: position negative", path, Map.of("id", "x", "name", "X", "position", -1), 400, "position", null),
                post("register: position too large", path, Map.of("id", "x", "name", "X", "position", 1_000_001), 400, "position", null),
                post("register: position is a string", path, "{\"id\": \"x\", \"name\": \"X\", \"position\": \"12\"}", 400, "position", "position"),
                post("register: position is a fraction", path, "{\"id\": \"x\", \"name\": \"X\", \"position\": 1.5}", 400, "position", "position"),
                post("register: position is a boolean", path, "{\"id\": \"x\", \"name\": \"X\", \"position\": true}", 400, "position", "position"),
                post("register: position overflows", path, "{\"id\": \"x\", \"name\": \"X\", \"position\": 99999999999999999999}", 400, "position", "out of range"),
                post("register: showcase is a string", path, "{\"id\": \"x\", \"name\": \"X\", \"showcase\": \"false\"}", 400, "showcase", "showcase"),
                post("register: showcase is a number", path, "{\"id\": \"x\", \"name\": \"X\", \"showcase\": 0}", 400, "showcase", "showcase"),
                post("register: onlyShowIfDegraded is an object", path, "{\"id\": \"x\", \"name\": \"X\", \"onlyShowIfDegraded\": {}}", 400, "onlyShowIfDegraded", "onlyShowIfDegraded"),
                post("register: duplicate field", path, "{\"id\": \"x\", \"id\": \"y\", \"name\": \"X\"}", 400, null, "duplicate field 'id'"),
                post("register: unknown field", path, Map.of("id", "x", "name", "X", "colour", "red"), 400, "colour", "unknown field"),
                // rule violations
                post("register: id taken", path, Map.of("id", ACTIVE, "name", "Again"), 409, null, ACTIVE),
                post("register: id of a retired component", path, Map.of("id", RETIRED, "name", "Again"), 409, null, RETIRED),

                patch("update: unknown component", path + "/" + UNKNOWN, Map.of("name", "X"), 404, null, UNKNOWN),
                patch("update: id in path not a slug", path + "/Not_A_Slug", Map.of("name", "X"), 400, "id", null),
                patch("update: malformed JSON", patch, "{\"name\": \"X\"", 400, null, "well-formed"),
                patch("update: empty body", patch, "", 400, null, "missing"),
                patch("update: name empty", patch, Map.of("name", ""), 400, "name", null),
                patch("update: name blank", patch, Map.of("name", "   "), 400, "name", "blank"),
                patch("update: name of 101 characters", patch, Map.of("name", "n".repeat(101)), 400, "name", null),
                patch("update: group of 101 characters", patch, Map.of("group", "g".repeat(101)), 400, "group", null),
                patch("update: position negative", patch, Map.of("position", -5), 400, "position", null),
                patch("update: position is a string", patch, "{\"position\": \"7\"}", 400, "position", "position"),
                patch("update: id cannot change", patch, Map.of("id", "other"), 400, "id", "unknown field"),
                patch("update: retired component", path + "/" + RETIRED, Map.of("name", "X"), 409, null, "retired"),

                delete("retire: unknown component", path + "/" + UNKNOWN, 404, null, UNKNOWN),
                delete("retire: id in path not a slug", path + "/Not_A_Slug", 400, "id", null));
    }

    private static List<Case> incidentCases() {
        String path = "/api/incidents";
        return List.of(
                post("open: malformed JSON", path, "{\"title\": \"Down\",", 400, null, "well-formed"),
                post("open: empty body", path, "", 400, null, "missing"),
                post("open: body is an array", path, "[{\"title\": \"Down\"}]", 400, null, "JSON object"),
                post("open: title missing", path, open(Map.of("title", NULL)), 400, "title", null),
                post("open: title blank", path, open(Map.of("title", " ")), 400, "title", null),
                post("open: title of 201 characters", path, open(Map.of("title", "t".repeat(201))), 400, "title", null),
                post("open: title is a number", path, open(Map.of("title", 404)), 400, "title", "title"),
                post("open: impact missing", path, open(Map.of("impact", NULL)), 400, "impact", null),
                post("open: impact unknown", path, open(Map.of("impact", "catastrophic")), 400, "impact", "must be one of: none, minor, major, critical"),
                post("open: impact in capitals", path, open(Map.of("impact", "MAJOR")), 400, "impact", "must be one of"),
                post("open: impact is a number", path, open(Map.of("impact", 2)), 400, "impact", "impact"),
                post("open: status unknown", path, open(Map.of("status", "fixed")), 400, "status", "must be one of"),
                post("open: status resolved", path, open(Map.of("status", "resolved")), 422, "status", "resolved"),
                post("open: message missing", path, open(Map.of("message", NULL)), 400, "message", null),
                post("open: message of 20001 characters", path, open(Map.of("message", "m".repeat(20_001))), 400, "message", null),
                post("open: at not an instant", path, open(Map.of("at", "yesterday")), 400, "at", "ISO-8601"),
                post("open: at a date without time", path, open(Map.of("at", "2012-06-30")), 400, "at", "ISO-8601"),
                post("open: at is a number", path, open(Map.of("at", 1_341_025_440)), 400, "at", "ISO-8601"),
                post("open: at is an array", path, open(Map.of("at", List.of(2012, 6, 30))), 400, "at", "ISO-8601"),
                post("open: at in the future", path, open(Map.of("at", FAR_FUTURE.toString())), 422, "at", "future"),
                post("open: id with a space", path, open(Map.of("id", "bad id")), 400, "id", null),
                post("open: id of 65 characters", path, open(Map.of("id", "i".repeat(65))), 400, "id", null),
                post("open: id taken", path, open(Map.of("id", OPEN)), 409, null, "'" + OPEN + "' is already taken"),
                post("open: unknown field", path, open(Map.of("severity", "high")), 400, "severity", "unknown field"),
                post("open: unknown component", path, open(components(Map.of(UNKNOWN, "major_outage"))), 422, "components." + UNKNOWN, UNKNOWN),
                post("open: retired component", path, open(components(Map.of(RETIRED, "major_outage"))), 422, "components." + RETIRED, "retired"),
                post("open: component status unknown", path, open(components(Map.of(ACTIVE, "broken"))), 400, "components." + ACTIVE, "must be one of: operational, under_maintenance"),
                post("open: component status in long form unknown", path, open(components(Map.of(ACTIVE, Map.of("status", "broken")))), 400, "components." + ACTIVE + ".status", "must be one of: operational, under_maintenance"),
                post("open: component status missing", path, open(components(Map.of(ACTIVE, Map.of()))), 400, "components." + ACTIVE + ".status", null),
                post("open: component status null", path, open(components(nullValued(ACTIVE))), 400, "components." + ACTIVE, null),
                post("open: component status is a number", path, open(components(Map.of(ACTIVE, 5))), 400, "components." + ACTIVE, null),
                post("open: affected fraction above 1", path, open(components(Map.of(ACTIVE, Map.of("status", "partial_outage", "affectedFraction", 1.5)))), 400, FRACTION, "less than or equal to 1"),
                post("open: affected fraction 0", path, open(components(Map.of(ACTIVE, Map.of("status", "partial_outage", "affectedFraction", 0)))), 400, FRACTION, "greater than 0"),
                post("open: affected fraction negative", path, open(components(Map.of(ACTIVE, Map.of("status", "partial_outage", "affectedFraction", -0.3)))), 400, FRACTION, "greater than 0"),
                post("open: affected fraction a string", path, open(components(Map.of(ACTIVE, Map.of("status", "partial_outage", "affectedFraction", "half")))), 400, FRACTION, "wrong type"),
                post("open: unknown field in a declaration", path, open(components(Map.of(ACTIVE, Map.of("status", "major_outage", "since", "now")))), 400, "components." + ACTIVE + ".since", "unknown field"),
                post("open: component declared twice", path, "{\"title\": \"Down\", \"impact\": \"major\", \"message\": \"m\", \"components\": {\"" + ACTIVE + "\": \"major_outage\", \"" + ACTIVE + "\": \"operational\"}}", 400, null, "duplicate field 'components." + ACTIVE + "'"),
                post("open: components an array", path, open(Map.of("components", List.of(ACTIVE))), 400, "components", "components"),
                post("open: component id of 65 characters", path, open(components(Map.of("c".repeat(65), "major_outage"))), 400, "components." + "c".repeat(65), "size"),
                post("open: 201 components", path, open(components(manyComponents(201))), 400, "components", null));
    }

    private static List<Case> updateCases() {
        String path = "/api/incidents/" + OPEN + "/updates";
        Map<String, Object> valid = Map.of("status", "identified", "message", "Found it.");
        return List.of(
                post("update: unknown incident", "/api/incidents/" + UNKNOWN + "/updates", valid, 404, null, UNKNOWN),
                post("update: incident id in path invalid", "/api/incidents/bad!id/updates", valid, 400, "id", null),
                post("update: malformed JSON", path, "{\"status\": identified}", 400, null, "well-formed"),
                post("update: status missing", path, Map.of("message", "Found it."), 400, "status", null),
                post("update: status unknown", path, with(valid, Map.of("status", "fixing")), 400, "status", "must be one of"),
                post("update: status resolved", path, with(valid, Map.of("status", "resolved")), 422, "status", "resolve"),
                post("update: message blank", path, with(valid, Map.of("message", "")), 400, "message", null),
                post("update: at before the incident began", path, with(valid, Map.of("at", BEFORE_OPENING.toString())), 422, "at", "earlier"),
                post("update: at in the future", path, with(valid, Map.of("at", FAR_FUTURE.toString())), 422, "at", "future"),
                post("update: unknown component", path, with(valid, components(Map.of(UNKNOWN, "major_outage"))), 422, "components." + UNKNOWN, UNKNOWN),
                post("update: retired component", path, with(valid, components(Map.of(RETIRED, "major_outage"))), 422, "components." + RETIRED, "retired"),
                post("update: unknown field", path, with(valid, Map.of("impact", "major")), 400, "impact", "unknown field"),
                post("update: resolved incident", "/api/incidents/" + RESOLVED + "/updates", valid, 409, null, "resolved"));
    }

    private static List<Case> otherIncidentCommandCases() {
        String open = "/api/incidents/" + OPEN;
        String resolved = "/api/incidents/" + RESOLVED;
        String unknown = "/api/incidents/" + UNKNOWN;
        return List.of(
                post("impact: unknown value", open + "/impact", Map.of("impact", "huge"), 400, "impact", "must be one of"),
                post("impact: missing", open + "/impact", Map.of(), 400, "impact", null),
                post("impact: null", open + "/impact", "{\"impact\": null}", 400, "impact", null),
                post("impact: unknown incident", unknown + "/impact", Map.of("impact", "major"), 404, null, UNKNOWN),
                post("impact: resolved incident", resolved + "/impact", Map.of("impact", "major"), 409, null, "resolved"),

                post("resolve: message missing", open + "/resolve", Map.of(), 400, "message", null),
                post("resolve: message is a list", open + "/resolve", Map.of("message", List.of("a")), 400, "message", "message"),
                post("resolve: at before the incident began", open + "/resolve", Map.of("message", "Done.", "at", BEFORE_OPENING.toString()), 422, "at", "earlier"),
                post("resolve: at in the future", open + "/resolve", Map.of("message", "Done.", "at", FAR_FUTURE.toString()), 422, "at", "future"),
                post("resolve: at not an instant", open + "/resolve", Map.of("message", "Done.", "at", "30/06/2012 03:04"), 400, "at", "ISO-8601"),
                post("resolve: unknown incident", unknown + "/resolve", Map.of("message", "Done."), 404, null, UNKNOWN),
                post("resolve: already resolved", resolved + "/resolve", Map.of("message", "Done."), 409, null, "resolved"),

                post("reopen: open incident", open + "/reopen", Map.of("message", "Again."), 409, null, "open"),
                post("reopen: unknown incident", unknown + "/reopen", Map.of("message", "Again."), 404, null, UNKNOWN),
                post("reopen: message missing", resolved + "/reopen", Map.of(), 400, "message", null),
                post("reopen: at before the resolution", resolved + "/reopen", Map.of("message", "Again.", "at", OPENED_AT.toString()), 422, "at", "earlier"),
                post("reopen: unknown component", resolved + "/reopen", Map.of("message", "Again.", "components", Map.of(UNKNOWN, "major_outage")), 422, "components." + UNKNOWN, UNKNOWN),

                post("postmortem: body missing", open + "/postmortem", Map.of(), 400, "body", null),
                post("postmortem: body blank", open + "/postmortem", Map.of("body", "\n\n"), 400, "body", null),
                post("postmortem: body of 200001 characters", open + "/postmortem", Map.of("body", "p".repeat(200_001)), 400, "body", null),
                post("postmortem: body is an object", open + "/postmortem", Map.of("body", Map.of("markdown", "x")), 400, "body", "body"),
                post("postmortem: unknown incident", unknown + "/postmortem", Map.of("body", "Lessons."), 404, null, UNKNOWN));
    }

    private static List<Case> correctionCases() {
        String path = "/api/incidents/" + OPEN + "/corrections";
        Instant from = OPENED_AT.plus(10, ChronoUnit.MINUTES);
        Map<String, Object> valid = Map.of("componentId", ACTIVE, "status", "partial_outage", "from", from.toString(),
                "to", from.plus(20, ChronoUnit.MINUTES).toString(), "reason", "Only the EU region was down.");
        return List.of(
                post("correct: unknown incident", "/api/incidents/" + UNKNOWN + "/corrections", valid, 404, null, UNKNOWN),
                post("correct: incident id in path invalid", "/api/incidents/bad!id/corrections", valid, 400, "id", null),
                post("correct: malformed JSON", path, "{\"componentId\": ", 400, null, "well-formed"),
                post("correct: empty body", path, "", 400, null, "missing"),
                post("correct: componentId missing", path, with(valid, Map.of("componentId", NULL)), 400, "componentId", null),
                post("correct: componentId of 65 characters", path, with(valid, Map.of("componentId", "c".repeat(65))), 400, "componentId", null),
                post("correct: componentId is a number", path, with(valid, Map.of("componentId", 7)), 400, "componentId", "componentId"),
                post("correct: status missing", path, with(valid, Map.of("status", NULL)), 400, "status", null),
                post("correct: status unknown", path, with(valid, Map.of("status", "broken")), 400, "status", "must be one of: operational, under_maintenance"),
                post("correct: status is an incident status", path, with(valid, Map.of("status", "resolved")), 400, "status", "must be one of"),
                post("correct: from missing", path, with(valid, Map.of("from", NULL)), 400, "from", null),
                post("correct: to missing", path, with(valid, Map.of("to", NULL)), 400, "to", null),
                post("correct: from not an instant", path, with(valid, Map.of("from", "an hour ago")), 400, "from", "ISO-8601"),
                post("correct: to is a number", path, with(valid, Map.of("to", 1_341_025_440)), 400, "to", "ISO-8601"),
                post("correct: reason missing", path, with(valid, Map.of("reason", NULL)), 400, "reason", null),
                post("correct: reason blank", path, with(valid, Map.of("reason", " \n ")), 400, "reason", null),
                post("correct: reason of 2001 characters", path, with(valid, Map.of("reason", "r".repeat(2001))), 400, "reason", null),
                post("correct: unknown field", path, with(valid, Map.of("affectedFraction", 0.3)), 400, "affectedFraction", "unknown field"),
                post("correct: unknown component", path, with(valid, Map.of("componentId", UNKNOWN)), 422, "componentId", UNKNOWN),
                post("correct: to equals from", path, with(valid, Map.of("to", from.toString())), 422, "to", "later than 'from'"),
                post("correct: to before from", path, with(valid, Map.of("to", from.minusSeconds(1).toString())), 422, "to", "later than 'from'"),
                post("correct: from before the incident began", path, with(valid, Map.of("from", BEFORE_OPENING.toString())), 422, "from", "precedes the incident's start"),
                post("correct: to in the future", path, with(valid, Map.of("to", FAR_FUTURE.toString())), 422, "to", "future"),
                post("correct: to after the resolution", "/api/incidents/" + RESOLVED + "/corrections", with(valid, Map.of("to", FAR_FUTURE.toString())), 422, "to", "resolution"),
                new Case("correct: text/plain body", "POST", path, "text/plain", json(valid), 415, null, null));
    }

    private static List<Case> protocolCases() {
        String body = json(Map.of("id", "x", "name", "X"));
        return List.of(
                new Case("register: text/plain body", "POST", "/api/components", "text/plain", body, 415, null, "text/plain"),
                new Case("register: no content type", "POST", "/api/components", null, body, 415, null, null),
                new Case("open: form-encoded body", "POST", "/api/incidents", "application/x-www-form-urlencoded",
                        "title=Down&impact=major&message=x", 415, null, null),
                new Case("components: PUT not allowed", "PUT", "/api/components/" + ACTIVE, "application/json", body, 405, null, "PUT"),
                new Case("incidents: GET not served here", "GET", "/api/incidents/" + OPEN, null, null, 404, null, null),
                new Case("unknown path", "POST", "/api/nothing-here", "application/json", "{}", 404, null, null));
    }

    // --- rows -------------------------------------------------------------------------------------------

    /**
     * A bad request and what must come back.
     *
     * @param field  a field {@code errors[].field} must name, or null
     * @param detail words {@code detail} must contain (case-insensitive), or null
     */
    record Case(String name, String method, String path, String contentType, String body, int status,
                String field, String detail) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case post(String name, String path, Object body, int status, String field, String detail) {
        return new Case(name, "POST", path, JSON_TYPE, json(body), status, field, detail);
    }

    private static Case patch(String name, String path, Object body, int status, String field, String detail) {
        return new Case(name, "PATCH", path, JSON_TYPE, json(body), status, field, detail);
    }

    private static Case delete(String name, String path, int status, String field, String detail) {
        return new Case(name, "DELETE", path, null, null, status, field, detail);
    }

    /** Marks a property to leave out of a request built by {@link #with}. */
    private static final Object NULL = new Object();

    /** A valid open request, changed by {@code changes}; a change to {@link #NULL} removes the property. */
    private static Map<String, Object> open(Map<String, ?> changes) {
        return with(Map.of("title", "Down", "impact", "major", "message", "Investigating."), changes);
    }

    private static Map<String, Object> with(Map<String, ?> base, Map<String, ?> changes) {
        Map<String, Object> request = new LinkedHashMap<>(base);
        changes.forEach((key, value) -> {
            if (value == NULL) {
                request.remove(key);
            } else {
                request.put(key, value);
            }
        });
        return request;
    }

    private static Map<String, Object> components(Map<String, ?> declarations) {
        return Map.of("components", declarations);
    }

    private static Map<String, Object> nullValued(String key) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, null);
        return map;
    }

    private static Map<String, Object> manyComponents(int count) {
        Map<String, Object> map = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> map.put("c" + i, "major_outage"));
        return map;
    }
}
