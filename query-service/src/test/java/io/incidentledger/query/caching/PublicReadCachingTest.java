package io.incidentledger.query.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.query.QueryApiTest;
import io.incidentledger.web.security.TestCredentials;

/** Public answers can be cached by anything in front of us, and revalidated for nothing. */
class PublicReadCachingTest extends QueryApiTest {

    private static final String CACHE_CONTROL = "max-age=5, public, stale-if-error=86400, stale-while-revalidate=30";

    @Value("${local.server.port}")
    int serverPort;

    private final HttpClient client = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/status", "/api/incidents", "/api/downtime", "/history.atom",
            "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
            "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json"})
    void everyPublicReadHasAStrongEtagACacheControlAndA304(String path) {
        HttpResponse<String> first = request(path, null);
        assertThat(first.statusCode()).as(path).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));
        assertThat(etag).as("a strong validator").startsWith("\"");
        assertThat(first.headers().firstValue("Cache-Control")).as(path).contains(CACHE_CONTROL);

        HttpResponse<String> again = request(path, etag);
        assertThat(again.statusCode()).as(path + " revalidated").isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void theSummaryIsRebuiltWhenAProjectionChanges() {
        String before = request("/api/v2/summary.json", null).headers().firstValue("ETag").orElseThrow();
        String component = registerComponent("cached");

        await("summary.json lists " + component).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> now = request("/api/v2/summary.json", before);
            assertThat(now.statusCode()).isEqualTo(200);
            assertThat(now.body()).contains("\"" + component + "\"");
            assertThat(now.headers().firstValue("ETag")).get().isNotEqualTo(before);
        });
    }

    @Test
    void streamsExportsAndHealthAreNotCached() {
        HttpResponse<String> health = request("/actuator/health", null);
        assertThat(health.headers().firstValue("ETag")).isEmpty();
        HttpResponse<String> export = request("/api/audit/events?limit=1", null);
        assertThat(export.headers().firstValue("ETag")).isEmpty();
    }

    /** An auditor's answer must never be offered to a shared cache, which would serve it to anyone. */
    @Test
    void anIncidentsHistoryIsNotPublic() {
        String incident = openIncident(now, ComponentDeclaration.of(registerComponent("audited"), MAJOR));

        Response history = get("/api/incidents/" + incident + "/history", "application/json",
                "Bearer " + TestCredentials.AUDITOR);

        assertThat(history.status()).isEqualTo(200);
        assertThat(history.header("Cache-Control").orElse("")).doesNotContain("public");
    }

    private HttpResponse<String> request(String path, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
