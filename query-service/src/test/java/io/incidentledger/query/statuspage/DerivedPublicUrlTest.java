package io.incidentledger.query.statuspage;

import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No {@code incident-ledger.page.public-url} configured (the shared test context): every absolute link starts with
 * the address the request was served at, which is the {@code Host} header (forwarded headers are not trusted by
 * default). The documents are kept once per base, so one client's host never shows in another's answer.
 */
class DerivedPublicUrlTest extends QueryApiTest {

    @LocalServerPort
    int port;

    @Test
    void theDocumentsLinksStartWithTheAddressTheRequestWasServedAt() {
        String incident = openIncident(now.minus(Duration.ofMinutes(5)));
        awaitProjections();
        String local = "http://localhost:" + port;

        assertThat(getJson("/api/v2/status.json").path("page").path("url").asString()).isEqualTo(local);
        JsonNode byName = JSON.readTree(raw("/api/v2/summary.json", "status.example.com"));
        assertThat(byName.path("page").path("url").asString()).isEqualTo("http://status.example.com");
        assertThat(raw("/api/v2/incidents/unresolved.json", "status.example.com:8443"))
                .contains("\"url\":\"http://status.example.com:8443\"")
                .doesNotContain(local, "https://base-");
        // Each base its own copy, and its own ETag: the first answer did not leak into the others.
        assertThat(getJson("/api/v2/summary.json").path("page").path("url").asString()).isEqualTo(local);
        assertThat(get("/api/v2/summary.json").header("ETag").orElseThrow())
                .isNotEqualTo(header(rawResponse("/api/v2/summary.json", "status.example.com"), "ETag"));
        // The shortlink of an open incident, once the documents show it.
        org.awaitility.Awaitility.await().atMost(PROJECTION_DEADLINE).untilAsserted(() ->
                assertThat(raw("/api/v2/incidents/unresolved.json", "status.example.com"))
                        .contains("\"shortlink\":\"http://status.example.com/incidents/" + incident + "\""));
    }

    @Test
    void theFeedsIdsAndLinksStartWithTheAddressTheRequestWasServedAt() {
        String incident = openIncident(now.minus(Duration.ofMinutes(5)));
        awaitProjections();

        String feed = raw("/history.atom", "status.example.com");

        assertThat(feed).contains("<id>http://status.example.com/history.atom</id>",
                "<id>http://status.example.com/incidents/" + incident + "</id>",
                "href=\"http://status.example.com/incidents/" + incident + "\"",
                "href=\"http://status.example.com/history.atom\"")
                .doesNotContain("localhost");
        assertThat(get("/history.atom", "application/atom+xml").body())
                .contains("<id>http://localhost:" + port + "/history.atom</id>");
    }

    /** The body of a GET sent with this {@code Host} header (which java.net.http will not set). */
    private String raw(String path, String host) {
        String response = rawResponse(path, host);
        assertThat(response).as(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** HTTP/1.0, so the body is neither chunked nor kept alive: read to the end. */
    private String rawResponse(String path, String host) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
