package io.incidentledger.command.inputguard;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated corpus of malformed requests, at least a thousand for every command endpoint, sent to the
 * running service over HTTP: wrong types, missing and unknown fields, overlong strings, deep nesting, broken
 * JSON, wrong methods and media types, bad ids, bad timestamps, control and bidirectional characters,
 * oversized bodies, malformed headers. Each request is built to be refused whatever the service's rules
 * (one defect of a kind no rule forgives), so the event store must end exactly as it began. No answer may be
 * a 5xx or name the service's internals.
 *
 * <p>Deterministic (fixed seed); the summary it prints counts the answers per endpoint and per defect.
 */
class MalformedRequestCorpusTest extends HttpApiTest {

    private static final long SEED = 20_120_629L;
    private static final int PER_ENDPOINT = 1_200;

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private String component;
    private String open;
    private String resolved;

    @BeforeAll
    void fixtures() {
        component = registerComponent("corpus");
        open = openIncident("corpus-open", Instant.now().minusSeconds(3_600));
        resolved = openIncident("corpus-resolved", Instant.now().minusSeconds(3_600));
        resolveIncident(resolved);
    }

    /** A command endpoint: how to reach it and a valid body for it, which each defect then breaks. */
    private record Endpoint(String name, String method, String path, Map<String, Object> valid,
                            List<String> required, boolean takesIfMatch) {
    }

    private List<Endpoint> endpoints() {
        Map<String, Object> declarations = Map.of(component, "major_outage");
        return List.of(
                new Endpoint("register component", "POST", "/api/components",
                        map("id", "corpus-new", "name", "New", "group", "G", "description", "D", "position", 1),
                        List.of("id", "name"), false),
                new Endpoint("update component", "PATCH", "/api/components/" + component,
                        map("name", "Renamed", "group", "G", "description", "D", "position", 2), List.of(), true),
                new Endpoint("retire component", "DELETE", "/api/components/" + component, null, List.of(), true),
                new Endpoint("open incident", "POST", "/api/incidents",
                        map("title", "Down", "impact", "major", "status", "investigating", "message", "Looking.",
                                "at", Instant.now().minusSeconds(60).toString(), "components", declarations),
                        List.of("title", "impact", "message"), false),
                new Endpoint("post update", "POST", "/api/incidents/" + open + "/updates",
                        map("status", "identified", "message", "Found.", "components", declarations),
                        List.of("status", "message"), true),
                new Endpoint("change impact", "POST", "/api/incidents/" + open + "/impact", map("impact", "critical"),
                        List.of("impact"), true),
                new Endpoint("resolve", "POST", "/api/incidents/" + open + "/resolve", map("message", "Fixed."),
                        List.of("message"), true),
                new Endpoint("reopen", "POST", "/api/incidents/" + resolved + "/reopen",
                        map("message", "Again.", "components", declarations), List.of("message"), true),
                new Endpoint("publish postmortem", "POST", "/api/incidents/" + open + "/postmortem",
                        map("body", "# Lessons"), List.of("body"), true),
                new Endpoint("correct impact", "POST", "/api/incidents/" + open + "/corrections",
                        map("componentId", component, "status", "major_outage",
                                "from", Instant.now().minusSeconds(3_000).toString(),
                                "to", Instant.now().minusSeconds(600).toString(), "reason", "Hindsight."),
                        List.of("componentId", "status", "from", "to", "reason"), true));
    }

    /** One generated request. {@code raw} requests are written to a socket byte for byte. */
    private record Bad(String defect, String method, String path, Map<String, String> headers, byte[] body,
                       boolean raw) {
    }

    @Test
    void noMalformedRequestGetsA5xxLeaksInternalsOrChangesTheEventStore() {
        long before = eventCount();
        Random random = new Random(SEED);
        List<Endpoint> endpoints = endpoints();
        Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byDefect = new TreeMap<>();
        int sent = 0;

        for (int i = 0; i < PER_ENDPOINT; i++) {
            for (Endpoint endpoint : endpoints) {
                Bad bad = generate(endpoint, random);
                Response response = bad.raw() ? sendRawBytes(bad) : sendBad(bad);
                sent++;

                String what = endpoint.name() + " / " + bad.defect() + ": " + bad.method() + " " + bad.path()
                        + " " + bad.headers() + " " + abbreviated(bad.body());
                assertThat(response.status()).as("%s -> %s", what, response).isBetween(400, 499);
                NoLeaks.assertNoInternals(response.body());
                if (!response.body().isEmpty()) {
                    assertThat(response.mediaType()).as("%s -> %s", what, response).isEqualTo(PROBLEM_TYPE);
                }
                byEndpoint.computeIfAbsent(endpoint.name(), k -> new TreeMap<>()).merge(response.status(), 1, Integer::sum);
                byDefect.computeIfAbsent(bad.defect(), k -> new TreeMap<>()).merge(response.status(), 1, Integer::sum);
            }
        }

        assertThat(sent).isGreaterThanOrEqualTo(10_000);
        assertThat(eventCount()).as("events appended by %d malformed requests", sent).isEqualTo(before);
        System.out.printf("%d malformed requests, no 5xx, event store unchanged%nby endpoint: %s%nby defect: %s%n",
                sent, byEndpoint, byDefect);
    }

    // --- generation: every branch yields a request no rule accepts ----------------------------------------

    private Bad generate(Endpoint endpoint, Random random) {
        if (endpoint.valid() == null) {
            return generateBodiless(endpoint, random);
        }
        int kind = random.nextInt(17);
        Map<String, Object> body = new LinkedHashMap<>(endpoint.valid());
        return switch (kind) {
            case 0 -> json(endpoint, "truncated JSON", truncate(endpoint, random));
            case 1 -> json(endpoint, "junk body", junkBody(random));
            case 2 -> {
                String field = pick(random, new ArrayList<>(body.keySet()));
                body.put(field, wrongType(field, random));
                yield json(endpoint, "wrong type", write(body));
            }
            case 3 -> {
                if (endpoint.required().isEmpty()) {
                    body.put("id", "cannot-change");
                    yield json(endpoint, "unknown field", write(body));
                }
                String field = pick(random, endpoint.required());
                if (random.nextBoolean()) {
                    body.remove(field);
                } else {
                    body.put(field, null);
                }
                yield json(endpoint, "missing field", write(body));
            }
            case 4 -> {
                body.put("x" + Integer.toHexString(random.nextInt()) + junkText(random, 5, false), "value");
                yield json(endpoint, "unknown field", write(body));
            }
            case 5 -> {
                String field = pick(random, new ArrayList<>(body.keySet()));
                body.put(field, overlong(field, random));
                yield json(endpoint, "overlong value", write(body));
            }
            case 6 -> {
                String field = pick(random, new ArrayList<>(body.keySet()));
                yield json(endpoint, "deep nesting", write(body).replace(quoted(field) + ":",
                        quoted(field) + ":" + nested(33 + random.nextInt(3_000), random) + ", " + quoted("z" + field) + ":"));
            }
            case 7 -> new Bad("wrong content type", endpoint.method(), endpoint.path(),
                    contentType(pick(random, WRONG_CONTENT_TYPES)), write(body).getBytes(StandardCharsets.UTF_8), false);
            case 8 -> wrongMethod(endpoint, random, write(body));
            case 9 -> badId(endpoint, random, write(body));
            case 10 -> {
                body.put("at", pick(random, BAD_TIMESTAMPS));
                yield json(endpoint, "bad timestamp", write(body));
            }
            case 11 -> {
                String field = textField(body, random);
                body.put(field, withForbiddenCharacter(field, String.valueOf(body.get(field)), random));
                yield json(endpoint, "forbidden characters", write(body));
            }
            case 12 -> {
                String field = pick(random, new ArrayList<>(body.keySet()));
                String text = write(body);
                yield json(endpoint, "duplicate field", text.substring(0, text.length() - 1) + ", "
                        + quoted(field) + ": " + write(body.get(field)) + "}");
            }
            case 13 -> {
                // Just over the limit: the point is the refusal, not the bandwidth.
                boolean postmortem = endpoint.path().endsWith("/postmortem");
                int size = (postmortem ? 1024 : 128) * 1024 + 1 + random.nextInt(16 * 1024);
                body.put(pick(random, new ArrayList<>(body.keySet())), "o".repeat(size));
                yield json(endpoint, "oversized body", write(body));
            }
            case 14 -> {
                if (!endpoint.takesIfMatch()) {
                    body.put("components", manyDeclarations(201 + random.nextInt(300)));
                    yield json(endpoint, endpoint.path().endsWith("/components") ? "unknown field" : "too many components",
                            write(body));
                }
                Map<String, String> headers = new LinkedHashMap<>(JSON_HEADERS);
                headers.put("If-Match", pick(random, BAD_IF_MATCH));
                yield new Bad("bad If-Match", endpoint.method(), endpoint.path(), headers,
                        write(body).getBytes(StandardCharsets.UTF_8), false);
            }
            case 15 -> {
                // A hostile Accept, charset or header on top of a body that is broken anyway.
                Map<String, String> headers = new LinkedHashMap<>(contentType(pick(random, ODD_JSON_TYPES)));
                headers.put("Accept", pick(random, ODD_ACCEPTS));
                yield new Bad("odd headers, broken body", endpoint.method(), endpoint.path(), headers,
                        truncate(endpoint, random).getBytes(StandardCharsets.UTF_8), false);
            }
            default -> malformedHttp(endpoint, random);
        };
    }

    private Bad generateBodiless(Endpoint endpoint, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> badId(endpoint, random, null);
            case 1 -> wrongMethod(endpoint, random, "{}");
            case 2 -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("If-Match", pick(random, BAD_IF_MATCH));
                yield new Bad("bad If-Match", endpoint.method(), endpoint.path(), headers, null, false);
            }
            case 3 -> malformedHttp(endpoint, random);
            default -> new Bad("unknown id", endpoint.method(), "/api/components/nobody-" + random.nextInt(1_000_000),
                    Map.of(), null, false);
        };
    }

    private Bad json(Endpoint endpoint, String defect, String body) {
        return new Bad(defect, endpoint.method(), endpoint.path(), JSON_HEADERS, body.getBytes(StandardCharsets.UTF_8),
                false);
    }

    private Bad wrongMethod(Endpoint endpoint, Random random, String body) {
        String method = pick(random, endpoint.method().equals("POST") ? List.of("GET", "PUT", "PATCH", "DELETE", "TRACE")
                : endpoint.method().equals("PATCH") ? List.of("GET", "PUT", "POST") : List.of("GET", "PUT", "POST"));
        String path = endpoint.path();
        if (method.equals("DELETE") || method.equals("PATCH")) {
            // The incidents' commands are POSTs; DELETE and PATCH are the components'.
            path = path.startsWith("/api/components") ? "/api/components/nobody-" + random.nextInt(1_000) : path;
        }
        boolean bodiless = method.equals("GET") || method.equals("TRACE");
        return new Bad("wrong method", method, path, bodiless ? Map.of() : JSON_HEADERS,
                bodiless ? null : body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** An id the pattern refuses, or a well-formed id nobody has (404). */
    private Bad badId(Endpoint endpoint, Random random, String body) {
        String target = endpoint.path().startsWith("/api/components") ? component
                : endpoint.path().contains(resolved) ? resolved : open;
        String id = switch (random.nextInt(6)) {
            case 0 -> "nobody-" + Integer.toHexString(random.nextInt());
            case 1 -> "a".repeat(65 + random.nextInt(400));
            case 2 -> "-" + target;
            case 3 -> target + "%20x";
            case 4 -> "%E2%80%AE" + target;
            default -> target + "%C3%A9";
        };
        String path = endpoint.path().equals("/api/incidents") || endpoint.path().equals("/api/components")
                ? endpoint.path() : endpoint.path().replace(target, id);
        if (path.equals(endpoint.path())) {
            // Creating endpoints take the id in the body.
            Map<String, Object> changed = new LinkedHashMap<>(endpoint.valid());
            changed.put("id", switch (random.nextInt(3)) {
                case 0 -> "bad id";
                case 1 -> "i".repeat(65);
                default -> "\u202e" + target;
            });
            return json(endpoint, "bad id", write(changed));
        }
        return new Bad(path.contains("nobody-") ? "unknown id" : "bad id", endpoint.method(), path,
                body == null ? Map.of() : JSON_HEADERS, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                false);
    }

    private Bad malformedHttp(Endpoint endpoint, Random random) {
        String head = switch (random.nextInt(5)) {
            case 0 -> endpoint.method() + " " + endpoint.path() + "/%zz HTTP/1.1";
            case 1 -> endpoint.method() + " " + endpoint.path().replaceFirst("/api/", "/api%2F") + " HTTP/1.1";
            case 2 -> endpoint.method() + " " + endpoint.path() + "%00 HTTP/1.1";
            case 3 -> endpoint.method() + " " + endpoint.path() + " HTTP/1.1\r\nX-Pad: " + "p".repeat(17_000);
            default -> endpoint.method() + " " + endpoint.path() + " HTTP/1.1\r\nContent-Type: application/json"
                    + "\r\nContent-Length: abc";
        };
        return new Bad("malformed HTTP", endpoint.method(), endpoint.path(), Map.of(),
                head.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    // --- building blocks ----------------------------------------------------------------------------------

    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml", "text/html",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "application/octet-stream",
            "image/png", "application/jsonx", "application/json; charset=ut)f-8", "application/json; charset=klingon",
            "", "json", "application/", "/json");
    private static final List<String> ODD_JSON_TYPES = List.of("application/json", "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1", "application/json;;;", "application/json; q=abc",
            "application/json; charset=\"utf-8\"", "application/merge-patch+json", "APPLICATION/JSON");
    private static final List<String> ODD_ACCEPTS = List.of("text/html", "*/*", "application/xml", "a/b;q=xyz",
            "", "application/json;q=0", "application/problem+json", "text/*, image/*;q=0.1", ",,,", "*/json");
    private static final List<String> BAD_TIMESTAMPS = List.of("yesterday", "2012-06-30", "2012-13-01T00:00:00Z",
            "2012-06-31T00:00:00Z", "2012-06-30T24:00:01Z", "2012-06-30 03:04:00", "30/06/2012 03:04",
            "+999999999-12-31T23:59:59Z", "9999-01-01T00:00:00Z", "2012-06-30T03:04:00+99:00", "0x7fffffff",
            "\u0000", "2012-06-30T03:04:00.1234567891Z");
    private static final List<String> BAD_IF_MATCH = List.of("\"999999\"", "\"abc\"", "W/\"0\"", "\"0\", \"1\"",
            "0x1", "\"-1\"", "\"99999999999999999999\"", "\"77", "garbage");

    private String truncate(Endpoint endpoint, Random random) {
        String text = write(endpoint.valid());
        return text.substring(0, random.nextInt(text.length()));
    }

    /** Not a JSON object: it never starts with one. */
    private static String junkBody(Random random) {
        String junk = switch (random.nextInt(6)) {
            case 0 -> junkText(random, 1 + random.nextInt(200), true);
            case 1 -> "[" + junkText(random, 20, false) + "]";
            case 2 -> "null";
            case 3 -> String.valueOf(random.nextLong());
            case 4 -> "\"" + junkText(random, 30, false) + "\"";
            default -> "\uFEFF{\"x\": 1}";
        };
        return junk.strip().startsWith("{") ? "#" + junk : junk;
    }

    private static Object wrongType(String field, Random random) {
        List<Object> candidates = new ArrayList<>(List.of(List.of(1, 2), Map.of("k", "v"), true, 3.5));
        if (!field.equals("position")) {
            candidates.add(42);
        }
        if (field.equals("position") || field.equals("components")) {
            candidates.add("12");
        }
        if (field.equals("impact") || field.equals("status")) {
            candidates.add("not-a-" + field);
        }
        if (field.equals("at")) {
            candidates.add(1_341_025_440L);
        }
        return pick(random, candidates);
    }

    private static Object overlong(String field, Random random) {
        int limit = switch (field) {
            case "id" -> 64;
            case "name", "group" -> 100;
            case "title" -> 200;
            case "description" -> 2_000;
            case "message" -> 20_000;
            case "body" -> 200_000;
            case "position" -> -1;
            case "components" -> -2;
            default -> 64;
        };
        if (limit == -1) {
            return 1_000_001 + random.nextInt(1_000_000);
        }
        if (limit == -2) {
            return Map.of("c".repeat(65 + random.nextInt(100)), "major_outage");
        }
        if (field.equals("impact") || field.equals("status") || field.equals("at")) {
            return "x".repeat(65 + random.nextInt(5_000));
        }
        return "y".repeat(limit + 1 + random.nextInt(Math.min(limit, 4_000)));
    }

    private static String nested(int depth, Random random) {
        boolean arrays = random.nextBoolean();
        return arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** A text field of the body (declarations' keys count: they are component ids). */
    private static String textField(Map<String, Object> body, Random random) {
        List<String> fields = new ArrayList<>();
        body.forEach((key, value) -> {
            if (value instanceof String && !key.equals("at") && !key.equals("impact") && !key.equals("status")) {
                fields.add(key);
            }
        });
        if (body.containsKey("components")) {
            fields.add("components");
        }
        return fields.isEmpty() ? "impact" : pick(random, fields);
    }

    private static final List<String> SINGLE_LINE = List.of("id", "name", "group", "title");
    private static final List<Character> ANYWHERE = List.of('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c',
            '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff');
    private static final List<Character> NOT_ON_ONE_LINE = List.of('\n', '\r', '\t', '\u2028', '\u2029', '\u202a',
            '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069');

    private Object withForbiddenCharacter(String field, String value, Random random) {
        List<Character> forbidden = new ArrayList<>(ANYWHERE);
        if (SINGLE_LINE.contains(field) || field.equals("components")) {
            forbidden.addAll(NOT_ON_ONE_LINE);
        }
        String junk = junkText(random, random.nextInt(12), false);
        String text = (field.equals("components") ? component : value) + junk;
        int at = random.nextInt(text.length() + 1);
        String bad = text.substring(0, at) + pick(random, forbidden) + text.substring(at);
        if (field.equals("components")) {
            return Map.of(bad, "major_outage");
        }
        return bad;
    }

    /** Unicode junk: letters of many scripts, symbols, emoji, combining marks, no markers of internals. */
    private static String junkText(Random random, int length, boolean anyChar) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(6)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x400 + random.nextInt(0x100);
                case 2 -> 0x600 + random.nextInt(0x100);
                case 3 -> 0x1F600 + random.nextInt(0x50);
                case 4 -> 0x300 + random.nextInt(0x70);
                default -> anyChar ? random.nextInt(0x10000) : 0x4E00 + random.nextInt(0x1000);
            };
            if (Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
                continue;
            }
            text.appendCodePoint(codePoint);
        }
        String junk = text.toString().replace("\\", "/").replace("\"", "'");
        return NoLeaks.containsMarker(junk) ? "junk" : junk;
    }

    private static Map<String, Object> manyDeclarations(int count) {
        Map<String, Object> declarations = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            declarations.put("c" + i, "major_outage");
        }
        return declarations;
    }

    private static Map<String, String> contentType(String type) {
        return type.isEmpty() ? Map.of() : Map.of("Content-Type", type);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String quoted(String field) {
        return "\"" + field + "\"";
    }

    /** JSON text; an unpaired surrogate (which no UTF-8 byte sequence can carry) is written as an escape. */
    private static String write(Object value) {
        String text = JSON.writeValueAsString(value);
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                escaped.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String abbreviated(byte[] body) {
        if (body == null) {
            return "(no body)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + body.length + " bytes)";
    }

    // --- sending ------------------------------------------------------------------------------------------

    private Response sendBad(Bad bad) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + bad.path()))
                .timeout(Duration.ofSeconds(30))
                .method(bad.method(), bad.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bad.body()));
        if (!bad.headers().containsKey("Accept")) {
            request.header("Accept", "application/json, application/problem+json");
        }
        bad.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.header(name, value);
            }
        });
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("sending " + bad.defect() + " " + bad.method() + " " + bad.path(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response sendRawBytes(Bad bad) {
        return sendRaw(new String(bad.body(), StandardCharsets.ISO_8859_1));
    }
}
