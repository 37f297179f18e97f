package io.incidentledger.command.inputguard;

import io.incidentledger.command.problem.ParserLimits;

import io.incidentledger.web.security.TestCredentials;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Limits on what a client may send: body size (413, chunked or not), JSON nesting and string length (400),
 * characters (control characters anywhere, line breaks and bidirectional overrides in single-line fields),
 * and media types (415, 406). Every refusal is a problem detail that names no internals and appends nothing.
 */
class HostileInputTest extends HttpApiTest {

    private static final int BODY_LIMIT = 128 * 1024;

    @LocalServerPort
    private int port;

    /** The mapper Spring MVC reads request bodies with. */
    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private String openIncident;
    private String component;

    @BeforeAll
    void fixtures() {
        component = registerComponent("hostile");
        openIncident = openIncident("hostile", java.time.Instant.now().minusSeconds(600));
    }

    // --- body size --------------------------------------------------------------------------------------

    @Test
    void aBodyOverTheLimitIsRefusedUnreadWith413() {
        long before = eventCount();

        Response response = post("/api/components", Map.of("id", uniqueId("big"), "name", "Big",
                "description", "d".repeat(BODY_LIMIT)));

        assertProblem(response, 413, "/problems/body-too-large");
        assertThat(response.json().path("maxBytes").asLong()).isEqualTo(BODY_LIMIT);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsMeasuredAsItArrives() throws Exception {
        long before = eventCount();
        String body = json(Map.of("id", uniqueId("chunked"), "name", "Chunked", "description", "d".repeat(BODY_LIMIT)));

        Response response = postChunked("/api/components", body);

        assertProblem(response, 413, "/problems/body-too-large");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadAsUsual() throws Exception {
        String id = uniqueId("chunked-small");

        Response response = postChunked("/api/components", json(Map.of("id", id, "name", "Small")));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void aPostmortemMayBeLargerThanAStatusUpdate() {
        String postmortem = "p".repeat(200_000);

        Response update = post("/api/incidents/" + openIncident + "/updates",
                Map.of("status", "identified", "message", postmortem));
        Response published = post("/api/incidents/" + openIncident + "/postmortem", Map.of("body", postmortem));

        assertProblem(update, 413, "/problems/body-too-large");
        assertThat(published.status()).as("%s", published).isEqualTo(200);
    }

    // --- the JSON parser's limits -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepNesting")
    void deepNestingIsA400NotAStackOverflow(String name, String body) {
        long before = eventCount();

        Response response = send("POST", "/api/components", JSON_TYPE, body);

        assertProblem(response, 400, "/problems/unreadable-body");
        assertThat(eventCount()).isEqualTo(before);
    }

    static Stream<Arguments> deepNesting() {
        String deep = "[".repeat(50_000) + "]".repeat(50_000);
        String deepObject = "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000);
        return Stream.of(Arguments.of("as the body", deep), Arguments.of("as a field", "{\"id\": \"x\", \"name\": " + deep + "}"),
                Arguments.of("objects as an unknown field", "{\"id\": \"x\", \"name\": \"X\", \"extra\": " + deepObject + "}"));
    }

    /**
     * The request records stop at the first token of the wrong shape, but the parser limit holds for any code
     * that reads a body through (a tree, a skipped value): it is configured on the mapper, not on the records.
     */
    @Test
    void theRequestMapperRefusesNestingDeeperThan32() {
        assertThat(json.readTree("[".repeat(32) + "]".repeat(32)).isArray()).isTrue();
        assertThatThrownBy(() -> json.readTree("[".repeat(33) + "]".repeat(33)))
                .isInstanceOf(StreamConstraintsException.class)
                .satisfies(e -> assertThat(ParserLimits.detail((JacksonException) e)).contains("too deeply"));
    }

    @Test
    void nestingWithinTheLimitIsJudgedByTheFieldsAsUsual() {
        String nested = "[".repeat(30) + "]".repeat(30);

        Response response = send("POST", "/api/components", JSON_TYPE, "{\"id\": \"x\", \"name\": " + nested + "}");

        assertProblem(response, 400, "/problems/unreadable-body");
        assertThat(response.json().path("detail").asString()).contains("'name'");
    }

    @Test
    void aStringLongerThanAnyFieldAllowsIsRefusedByTheParser() {
        Response response = post("/api/incidents/" + openIncident + "/postmortem", Map.of("body", "p".repeat(300_000)));

        assertProblem(response, 400, "/problems/unreadable-body");
        assertThat(response.json().path("detail").asString()).contains("longer than any field allows");
    }

    @Test
    void anOverlongFieldNameIsRefusedByTheParser() {
        Response response = send("POST", "/api/components", JSON_TYPE,
                "{\"id\": \"x\", \"name\": \"X\", \"" + "k".repeat(2_000) + "\": 1}");

        assertProblem(response, 400, "/problems/unreadable-body");
        assertThat(response.body()).doesNotContain("k".repeat(1_025));
    }

    // --- characters -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenCharacters")
    void forbiddenCharactersAreA400NamingTheField(String name, String path, String body, String field, String words) {
        long before = eventCount();

        Response response = send("POST", path.replace("{incident}", openIncident), JSON_TYPE,
                body.replace("{component}", component));

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        JsonNode problem = response.json();
        assertThat(problem.path("errors").findValuesAsString("field")).as("%s", problem)
                .contains(field.replace("{component}", component));
        assertThat(problem.path("detail").asString()).as("%s", problem).contains(words);
        NoLeaks.assertNoInternals(response.body());
        assertThat(eventCount()).isEqualTo(before);
    }

    static Stream<Arguments> forbiddenCharacters() {
        String update = "/api/incidents/{incident}/updates";
        String open = "{\"title\": %s, \"impact\": \"minor\", \"message\": %s}";
        return Stream.of(
                Arguments.of("BEL in a message", update, "{\"status\": \"identified\", \"message\": \"ding\\u0007\"}", "message", "U+0007"),
                Arguments.of("NUL in a message", update, "{\"status\": \"identified\", \"message\": \"a\\u0000b\"}", "message", "U+0000"),
                Arguments.of("ESC (terminal escape) in a message", update, "{\"status\": \"identified\", \"message\": \"\\u001b[31mred\"}", "message", "U+001B"),
                Arguments.of("C1 control in a message", update, "{\"status\": \"identified\", \"message\": \"a\\u0085b\"}", "message", "U+0085"),
                Arguments.of("unpaired surrogate in a message", update, "{\"status\": \"identified\", \"message\": \"a\\ud800b\"}", "message", "surrogate"),
                Arguments.of("NUL in a post-mortem", "/api/incidents/{incident}/postmortem", "{\"body\": \"a\\u0000\"}", "body", "U+0000"),
                Arguments.of("control character in a component key", update, "{\"status\": \"identified\", \"message\": \"m\", \"components\": {\"a\\u0001\": \"major_outage\"}}", "components", "U+0001"),
                Arguments.of("line feed in a title", "/api/incidents", open.formatted("\"Down\\nResolved\"", "\"m\""), "title", "single line"),
                Arguments.of("tab in a title", "/api/incidents", open.formatted("\"Down\\there\"", "\"m\""), "title", "single line"),
                Arguments.of("only em and ideographic spaces as a title", "/api/incidents", open.formatted("\"\\u2003\\u3000\"", "\"m\""), "title", "blank"),
                Arguments.of("line separator in a title", "/api/incidents", open.formatted("\"Down\\u2028here\"", "\"m\""), "title", "single line"),
                Arguments.of("right-to-left override in a title", "/api/incidents", open.formatted("\"Down \\u202edevloser\"", "\"m\""), "title", "U+202E"),
                Arguments.of("isolate in a title", "/api/incidents", open.formatted("\"\\u2066Down\\u2069\"", "\"m\""), "title", "U+2066"),
                Arguments.of("override in a component name", "/api/components", "{\"id\": \"bidi\", \"name\": \"web\\u202d\"}", "name", "U+202D"),
                Arguments.of("line feed in a component group", "/api/components", "{\"id\": \"lf\", \"name\": \"web\", \"group\": \"a\\nb\"}", "group", "single line"),
                Arguments.of("override in a component key", update, "{\"status\": \"identified\", \"message\": \"m\", \"components\": {\"{component}\\u202e\": \"major_outage\"}}", "components.{component}\u202e", "U+202E"));
    }

    @Test
    void longTextKeepsLineBreaksTabsAndBidirectionalControls() {
        String id = uniqueId("bidi");
        String message = "Line one\n\tindented\r\nعربي \u202bمضمن\u202c and \u2067isolated\u2069.";

        Response response = post("/api/incidents", Map.of("id", id, "title", "Mixed-direction text",
                "impact", "minor", "message", message));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void rightToLeftScriptIsWelcomeInTitles() {
        Response response = post("/api/incidents", Map.of("id", uniqueId("rtl"), "title", "انقطاع الخدمة",
                "impact", "minor", "message", "m"));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    // --- media types ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedContentTypes")
    void aBodyInAnotherMediaTypeIsA415(String contentType) {
        Response response = send("POST", "/api/incidents/" + openIncident + "/resolve", contentType,
                "{\"message\": \"Done.\"}");

        assertProblem(response, 415, "/problems/unsupported-media-type");
    }

    static Stream<String> unsupportedContentTypes() {
        return Stream.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/octet-stream");
    }

    @Test
    void anAcceptThatExcludesJsonIsA406() throws Exception {
        long before = eventCount();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/incidents/"
                        + openIncident + "/impact"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", JSON_TYPE)
                .header("Authorization", "Bearer " + TestCredentials.ALL_ROLES)
                .header("Accept", "text/html")
                .POST(BodyPublishers.ofString("{\"impact\": \"major\"}"))
                .build();

        var response = http.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(406);
        NoLeaks.assertNoInternals(response.body());
        assertThat(eventCount()).isEqualTo(before);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.mediaType()).as("%s", response).isEqualTo(PROBLEM_TYPE);
        assertThat(response.json().path("type").asString()).as("%s", response).isEqualTo(type);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        NoLeaks.assertNoInternals(response.body());
    }

    /** Sends the body with chunked transfer encoding: no Content-Length tells the server how long it is. */
    private Response postChunked(String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", JSON_TYPE)
                .header("Authorization", "Bearer " + TestCredentials.ALL_ROLES)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        var response = http.send(request, BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

}
