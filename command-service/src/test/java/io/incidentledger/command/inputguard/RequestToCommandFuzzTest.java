package io.incidentledger.command.inputguard;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.command.maintenance.PlanMaintenanceSeries;
import io.incidentledger.command.maintenance.SeriesHorizon;
import io.incidentledger.command.maintenance.StatelessMaintenanceRules;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Fuzzes the request-to-command mapping: HTTP method, path, headers and body, through Spring MVC's JSON
 * reading, Bean Validation, the controllers and the error advice, to the command a controller dispatches
 * (recorded, not handled, though refused as its aggregate would where that needs no stored state). For every input, either the request is refused with a 4xx problem detail and no
 * command is dispatched, or exactly one command is dispatched and it keeps the contract
 * ({@link ValidCommands}); a recurring maintenance dispatches its plan and then the occurrences it scheduled. Never a 5xx, never an exception out of the stack, never internals in the body.
 *
 * <p>An input is text: a request line ({@code POST /api/incidents}), header lines, a blank line, the body.
 * The seeds and every finding live in {@code RequestToCommandFuzzTestInputs/requestToCommand/} under the
 * test resources; {@code mvn verify} replays them as a regression test. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl command-service -am test -Dtest=RequestToCommandFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m -Djazzer.hooks=true}: without the hooks there is
 * no coverage feedback, and libFuzzer mutates one empty input blindly (the corpus stays at 1 entry of 1 byte).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        // Nothing is stored: the recording gateway stands in for Axon's, and the database lives in memory.
        "spring.datasource.url=jdbc:h2:mem:request-fuzz;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        // Millions of refusals: only what would be a finding is worth logging.
        "incident-ledger.limits.write-rate.enabled=false",
        "logging.level.io.incidentledger.command.problem.ProblemDetailsAdvice=OFF", "logging.level.root=ERROR"})
class RequestToCommandFuzzTest {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private RecordingCommandGateway gateway;

    private MockMvc mvc;

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"POST /api/incidents", "POST /api/components", "PATCH /api/components/", "DELETE ",
            "/updates", "/impact", "/resolve", "/reopen", "/postmortem", "Content-Type: application/json",
            "application/merge-patch+json", "; charset=", "If-Match: ", "Accept: ", "\"components\"", "\"title\"",
            "\"message\"", "\"status\"", "\"impact\"", "\"at\"", "\"affectedFraction\"", "\"position\"",
            "\"body\"", "\"group\"", "\"name\"", "\"id\"", "major_outage", "partial_outage", "identified",
            "critical", "POST /api/maintenances", "PATCH /api/maintenances/", "POST /api/maintenances/m/", "/start",
            "/complete", "/cancel", "\"scheduledFor\"", "\"scheduledUntil\"", "\"autoStart\"", "\"autoComplete\"",
            "\"recurrence\"", "\"rrule\"", "\"timeZone\"", "FREQ=", "SECONDLY", "MINUTELY", "WEEKLY;BYDAY=SU",
            ";COUNT=", ";UNTIL=", ";INTERVAL=", ";BYSETPOS=", "T000000Z", "Europe/Berlin", "America/New_York", "UTC",
            "under_maintenance", "in_progress", "verifying", "completed", "cancelled", "+1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "2030-06-01T02:00:00Z", "true", "false",
            "\\u0000", "\\u202e", "\\ud800", "\\u2028", "2012-06-30T03:04:00Z", "1e400", "null"})
    void requestToCommand(byte[] input) throws Exception {
        MockHttpServletRequestBuilder request = parse(input);
        if (request == null) {
            return;
        }
        if (mvc == null) {
            mvc = mockMvcWithTheApisFilters();
        }
        gateway.clear();

        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();

        int status = response.getStatus();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        List<Object> commands = gateway.dispatched();
        assertThat(status).as("status for %s", body).isLessThan(500);
        NoLeaks.assertNoInternals(body);
        if (status >= 400) {
            assertThat(commands).as("a refused request dispatches nothing").isEmpty();
            // Only a client that accepts no JSON (406), or asked for no body, gets no problem detail. An empty
            // body otherwise means the error advice itself failed and Spring fell back to a bare sendError.
            if (status != 406 && !new String(input, StandardCharsets.UTF_8).startsWith("HEAD ")) {
                assertThat(response.getContentType()).as("a %s without a problem detail", status)
                        .startsWith("application/problem+json");
                assertThat(body).isNotEmpty();
            }
        } else if (status >= 200 && status < 300 && !commands.isEmpty()) {
            if (commands.get(0) instanceof PlanMaintenanceSeries) {
                ValidCommands.assertValidSeries(commands);
            } else {
                assertThat(commands).as("one request, one command").hasSize(1);
                ValidCommands.assertValid(commands.get(0));
            }
        }
    }

    /**
     * The application's own servlet filters (charset, body size, observation) guard the API here as they do in
     * Tomcat. Every fuzzed path is under /api/, so they apply to all: MockMvc's own URL-pattern matching would
     * decode the path with the request's (fuzzed) charset and fail in the harness, not in the service.
     */
    private MockMvc mockMvcWithTheApisFilters() {
        Filter[] filters = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                .map(FilterRegistrationBean::getFilter)
                .toArray(Filter[]::new);
        return MockMvcBuilders.webAppContextSetup(context).addFilters(filters).build();
    }

    /**
     * Reads the input as a request; null when the request line is not one MockMvc can even build (those
     * inputs test the harness, not the service; the HTTP-level corpus test sends such bytes for real).
     */
    private static MockHttpServletRequestBuilder parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? null : text.substring(blank + 2);
        String[] lines = head.split("\n");
        if (lines.length == 0) {
            return null;
        }
        String[] requestLine = lines[0].split(" ", 2);
        if (requestLine.length != 2 || !METHODS.contains(requestLine[0]) || !requestLine[1].startsWith("/api/")) {
            return null;
        }
        try {
            MockHttpServletRequestBuilder request = request(requestLine[0], new URI(null, null,
                    requestLine[1].split("\\?", 2)[0], null));
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).matches("[A-Za-z0-9-]+")) {
                    request.header(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
                }
            }
            if (body != null) {
                request.content(body.getBytes(StandardCharsets.UTF_8));
            }
            // Building the mock request parses headers such as Content-Type: refuse what it cannot parse here.
            request.buildRequest(new MockServletContext());
            return request;
        } catch (RuntimeException | java.net.URISyntaxException unbuildable) {
            return null;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordInsteadOfHandling {

        @Bean
        @Primary
        RecordingCommandGateway recordingCommandGateway(EffectiveTimePolicy times, SeriesHorizon horizon) {
            return new RecordingCommandGateway(new StatelessMaintenanceRules(times, horizon));
        }
    }

}
