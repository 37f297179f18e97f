package io.incidentledger.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.incidentledger.query.QueryApiTest;
import tools.jackson.databind.JsonNode;

/** With no spring.mail.host, email subscription is refused with a problem naming the fix; the rate holds. */
class SubscriptionWithoutMailTest extends QueryApiTest {

    @LocalServerPort
    int port;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void emailIsRefusedWithAProblemTellingTheOperatorWhatToSetAndTheRateEndsIn429() throws Exception {
        HttpResponse<String> refused = subscribe("{\"email\":\"someone@example.org\"}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM_TYPE));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asString()).endsWith("email-not-configured");
        assertThat(problem.path("detail").asString()).contains("spring.mail.host");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE address = 'someone@example.org'")
                .query(Integer.class).single()).isZero();

        // The default burst is 5 per client address (this one was the first): the sixth is a 429 with Retry-After.
        for (int i = 2; i <= 5; i++) {
            assertThat(subscribe("{\"email\":\"someone@example.org\"}").statusCode()).as("attempt %d", i).isEqualTo(503);
        }
        HttpResponse<String> limited = subscribe("{\"email\":\"someone@example.org\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(JSON.readTree(limited.body()).path("type").asString()).endsWith("subscription-rate-limited");
    }

    @Test
    void theStatusPageOffersNoSubscribeFormWithoutMail() {
        Response page = get("/", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"overall-status\"").doesNotContain("data-testid=\"subscribe\"");
    }

    private HttpResponse<String> subscribe(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/subscribers"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
