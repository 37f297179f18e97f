package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A tiny JSON-over-HTTP client for one service: {@link java.net.http.HttpClient} (HTTP/1.1, keep-alive) and a
 * Jackson 3 {@link JsonMapper}. Transport failures are thrown (unchecked); any HTTP status is returned.
 */
public final class JsonHttp {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient client;
    private final Duration requestTimeout;

    public JsonHttp(String baseUrl) {
        this(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), REQUEST_TIMEOUT);
    }

    private JsonHttp(String baseUrl, HttpClient client, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The same client, but every request must be answered within {@code deadline} or fails (an
     * {@link UncheckedIOException} over {@link java.net.http.HttpTimeoutException}): for answers that must come
     * promptly, e.g. reads while the database is gone, without measuring and asserting a duration.
     */
    public JsonHttp within(Duration deadline) {
        return new JsonHttp(baseUrl, client, deadline);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, Object body) {
        String json = body instanceof String s ? s : MAPPER.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Any method, a raw JSON body (null: none) and extra headers such as {@code If-Match}. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        // An Authorization given here replaces the suite's credential; an empty one sends none.
        boolean credential = headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase);
        HttpRequest.Builder request = request(path, credential).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.setHeader(name, value);
            }
        });
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        return request(path, true);
    }

    private HttpRequest.Builder request(String path, boolean credential) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path)))
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json");
        return credential ? request.header("Authorization", SystemTestCredentials.authorization()) : request;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(request.method(), request.uri(), response.statusCode(), response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** One HTTP exchange's outcome. {@link #json()} is a {@link MissingNode} for an empty or non-JSON body. */
    public record Response(String method, URI uri, int status, HttpHeaders headers, String rawBody) {

        public JsonNode json() {
            if (rawBody == null || rawBody.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return MAPPER.readTree(rawBody);
            } catch (JacksonException e) {
                return MissingNode.getInstance();
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        /** This response if its status is one of {@code expected}, else an {@link AssertionError} showing it. */
        public Response expectStatus(int... expected) {
            for (int e : expected) {
                if (e == status) {
                    return this;
                }
            }
            List<Integer> list = new ArrayList<>();
            for (int e : expected) {
                list.add(e);
            }
            throw new AssertionError("Expected HTTP " + list + " but got " + this);
        }

        @Override
        public String toString() {
            String body = rawBody == null ? "" : rawBody;
            if (body.length() > 2000) {
                body = body.substring(0, 2000) + "...";
            }
            return method + " " + uri + " -> " + status + " " + contentType() + " " + body;
        }
    }

    // ---- small readers for JsonNode, tolerant of missing / null nodes -----------------------------------

    /** The node's text (strings as-is, other scalars as their JSON text), or null when missing or null. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** A whole number, also accepted when written as a string or as a float with no fraction. */
    public static long longValue(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new AssertionError("expected a number but the field is missing or null");
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (d != Math.rint(d)) {
                throw new AssertionError("expected a whole number but got " + d);
            }
            return (long) d;
        }
        if (node.isString()) {
            return Long.parseLong(node.stringValue().trim());
        }
        throw new AssertionError("expected a number but got " + node);
    }

    /** An ISO-8601 instant ({@code ...Z} or with an offset), or null when missing or null. */
    public static java.time.Instant instant(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(text).toInstant();
        }
    }

    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        if (array != null && array.isArray()) {
            list.addAll(array.values());
        }
        return list;
    }
}
