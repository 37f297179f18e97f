package io.incidentledger.command.metrics;

import io.incidentledger.command.HttpApiTest;
import io.incidentledger.web.security.TestCredentials;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus}: the admin's, and it counts commands by type and outcome. */
class CommandMetricsTest extends HttpApiTest {

    private Response scrape(String authorization) {
        return sendWithHeaders("GET", "/actuator/prometheus", null, null,
                Map.of("Authorization", authorization, "Accept", "text/plain"));
    }

    private static double sample(String scrape, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{[^}]*" + labels + "[^}]*} ([0-9.eE+-]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void commandsAreCountedByTypeAndOutcome() {
        String before = scrape("Bearer " + TestCredentials.ADMIN).body();
        double okBefore = sample(before, "ledger_commands_total", "command=\"RegisterComponent\",outcome=\"ok\"");
        double conflictBefore = sample(before, "ledger_commands_total",
                "command=\"RegisterComponent\",outcome=\"conflict\"");

        String id = registerComponent("metered");
        // The same id again: the new aggregate's first event collides, a 409.
        assertThat(post("/api/components", Map.of("id", id, "name", "Again")).status()).isEqualTo(409);
        // An update of an incident that does not exist: a 404, rejected.
        assertThat(post("/api/incidents/" + uniqueId("missing") + "/updates",
                Map.of("status", "identified", "message", "Nobody home.")).status()).isEqualTo(404);

        Response response = scrape("Bearer " + TestCredentials.ADMIN);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElse("")).startsWith("text/plain");
        String after = response.body();
        assertThat(sample(after, "ledger_commands_total", "command=\"RegisterComponent\",outcome=\"ok\""))
                .isEqualTo(okBefore + 1);
        assertThat(sample(after, "ledger_commands_total", "command=\"RegisterComponent\",outcome=\"conflict\""))
                .isEqualTo(conflictBefore + 1);
        assertThat(sample(after, "ledger_commands_total", "command=\"PostUpdate\",outcome=\"rejected\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(after, "ledger_command_duration_seconds_count",
                "command=\"RegisterComponent\",outcome=\"ok\"")).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("http_server_requests_seconds_count");
        assertThat(after).as("every series says which service it is from").contains("application=\"command-service\"");
    }

    @Test
    void onlyTheAdminMayScrape() {
        assertThat(scrape("").status()).isEqualTo(401);
        assertThat(scrape("Bearer " + TestCredentials.COMMANDER).status()).isEqualTo(403);
        assertThat(scrape("Bearer " + TestCredentials.ADMIN).status()).isEqualTo(200);
    }
}
