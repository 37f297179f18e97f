package io.incidentledger.command;

import io.incidentledger.web.security.TestCredentials;

import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running command service on a random port, driven over plain HTTP. Every subclass shares one Spring
 * context (same configuration, so the context cache hands out the same instance) and therefore one fresh
 * H2 data directory under {@code target/}, created when this class is loaded. Tests keep out of each
 * other's way by using their own ids ({@link #uniqueId}); nothing relies on the ledger being empty.
 * {@link TestHooks} adds a few test-only request headers to that context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestHooks.class)
// Tests fire hundreds of writes a second from one address; RateLimitApiTest overrides this with a low limit.
@TestPropertySource(properties = {"incident-ledger.limits.write-rate.per-second=100000",
        "incident-ledger.limits.write-rate.burst=100000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpApiTest {

    private static final Path DATA_DIR = freshDataDir();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String JSON_TYPE = "application/json";
    protected static final String PROBLEM_TYPE = "application/problem+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) {
        registry.add("incident-ledger.data-dir", DATA_DIR::toString);
        TestCredentials.provision(registry);
    }

    private static Path freshDataDir() {
        try {
            Path target = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(target, "ledger-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An id no other test uses: {@code prefix-<n>-<random>}, a valid component slug and incident id. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** How many events the store holds: bad input must never change it. */
    protected long eventCount() {
        return jdbc.sql("SELECT COUNT(*) FROM DomainEventEntry").query(Long.class).single();
    }

    protected long eventCount(String aggregateId) {
        return jdbc.sql("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?")
                .param(aggregateId).query(Long.class).single();
    }

    /** The payload of one stored event, as the event store holds it (JSON). */
    protected JsonNode storedPayload(String aggregateId, long sequence) {
        byte[] payload = jdbc.sql("SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber = ?")
                .params(aggregateId, sequence).query(byte[].class).single();
        return JSON.readTree(payload);
    }

    // --- HTTP -------------------------------------------------------------------------------------------

    protected Response post(String path, Object body) {
        return send("POST", path, JSON_TYPE, json(body));
    }

    protected Response patch(String path, Object body) {
        return send("PATCH", path, JSON_TYPE, json(body));
    }

    protected Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /**
     * Sends exactly these bytes: {@code body} null means no body; {@code contentType} null means no
     * Content-Type header.
     */
    protected Response send(String method, String path, String contentType, String body) {
        return sendWithHeaders(method, path, contentType, body, Map.of());
    }

    /** As {@link #send}, with extra request headers (e.g. {@code If-Match}). */
    protected Response sendWithHeaders(String method, String path, String contentType, String body,
                                       Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        // Every role unless the test says otherwise; an empty Authorization means none at all.
        Map<String, String> withCredential = new java.util.LinkedHashMap<>(headers);
        withCredential.putIfAbsent("Authorization", "Bearer " + TestCredentials.ALL_ROLES);
        withCredential.forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends bytes no well-behaved HTTP client would (a malformed URL, oversized headers): {@code head} is the
     * request line and headers without the blank line; HTTP/1.0, so the answer ends when the server closes.
     */
    protected Response sendRaw(String head) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: localhost\r\nAuthorization: Bearer " + TestCredentials.ALL_ROLES
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int endOfHead = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, endOfHead).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(endOfHead + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strings are sent as they are (raw JSON); anything else is written as JSON. */
    protected static String json(Object body) {
        return body instanceof String raw ? raw : JSON.writeValueAsString(body);
    }

    // --- fixtures ---------------------------------------------------------------------------------------

    /** Registers a component with a fresh id and returns the id. */
    protected String registerComponent(String prefix) {
        String id = uniqueId(prefix);
        assertThat(post("/api/components", Map.of("id", id, "name", "Component " + id)).status())
                .as("registering %s", id).isEqualTo(201);
        return id;
    }

    protected void retireComponent(String id) {
        assertThat(delete("/api/components/" + id).status()).as("retiring %s", id).isEqualTo(204);
    }

    /** Opens an incident with a fresh id, effective at {@code at}, and returns the id. */
    protected String openIncident(String prefix, Instant at) {
        String id = uniqueId(prefix);
        Response response = post("/api/incidents", Map.of("id", id, "title", "Incident " + id, "impact", "minor",
                "message", "We are investigating.", "at", at.toString()));
        assertThat(response.status()).as("opening %s: %s", id, response.body()).isEqualTo(201);
        return id;
    }

    protected void resolveIncident(String id) {
        Response response = post("/api/incidents/" + id + "/resolve", Map.of("message", "Resolved."));
        assertThat(response.status()).as("resolving %s: %s", id, response.body()).isEqualTo(200);
    }

    // --- responses --------------------------------------------------------------------------------------

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** The media type without parameters, e.g. {@code application/problem+json}. */
        public String mediaType() {
            return header("Content-Type").map(type -> type.split(";")[0].strip()).orElse("");
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
