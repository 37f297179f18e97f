package io.incidentledger.query.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.incidentledger.query.QueryApiTest;

/**
 * The front page is rendered once per version of its data and answered from those bytes: one strong ETag per
 * representation, brotli or gzip when asked for (and not when refused), a 304 for a tag the client has, a new rendering
 * after a change.
 */
class FrontPageRenderingTest extends QueryApiTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.observation.ObservationRegistry observations;

    /** Every plain request (no query) the server's HTTP observation has started for, by path, in order. */
    private final java.util.List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void theSameBytesAnswerEveryReaderUntilTheDataChanges() throws Exception {
        awaitProjections();
        HttpResponse<byte[]> plain = front(null, null);
        HttpResponse<byte[]> again = front(null, null);
        HttpResponse<byte[]> gzipped = front("gzip, deflate", null);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{27}\"");
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.body()).isEqualTo(plain.body());
        assertThat(plain.headers().firstValue("Cache-Control").orElse("")).contains("public").contains("max-age");
        assertThat(plain.headers().allValues("Vary").toString()).contains("Accept-Encoding");
        // The security headers are the filter's, on this answer as on every page.
        assertThat(plain.headers().firstValue("Content-Security-Policy")).isPresent();

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertThat(gzipTag).isNotEqualTo(etag).endsWith("-gz\"");
        assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
        assertThat(gzipped.headers().firstValue("Content-Length")).hasValue(Integer.toString(gzipped.body().length));

        // Brotli where it is welcome (a browser over HTTPS sends this), smaller still, with a tag of its own.
        HttpResponse<byte[]> brotli = front("gzip, deflate, br, zstd", null);
        assertThat(brotli.headers().firstValue("Content-Encoding")).hasValue("br");
        String brotliTag = brotli.headers().firstValue("ETag").orElseThrow();
        assertThat(brotliTag).isEqualTo(etag.substring(0, etag.length() - 1) + "-br\"");
        com.aayushatharva.brotli4j.decoder.DirectDecompress decoded =
                com.aayushatharva.brotli4j.decoder.Decoder.decompress(brotli.body());
        assertThat(decoded.getDecompressedData()).isEqualTo(plain.body());
        assertThat(brotli.body().length).isLessThan(gzipped.body().length);
        assertThat(front("br", gzipTag).statusCode()).isEqualTo(304);

        // gzip refused with q=0: the identity.
        assertThat(front("gzip;q=0, identity", null).headers().firstValue("Content-Encoding")).isEmpty();

        // Either stored tag revalidates.
        HttpResponse<byte[]> notModified = front("gzip", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(gzipTag);
        assertThat(front(null, gzipTag).statusCode()).isEqualTo(304);

        // A change of what it shows is a new rendering.
        String component = registerComponent("rendered");
        awaitProjections();
        await().atMost(Duration.ofSeconds(10)).until(() -> !etag.equals(front(null, null).headers()
                .firstValue("ETag").orElse(etag)));
        HttpResponse<byte[]> changed = front(null, etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(new String(changed.body(), StandardCharsets.UTF_8)).contains("Name of " + component);
    }

    /**
     * A plain read is answered before the filter chain, from the same rendering: bytes, validators and headers
     * equal to what the full path (a request with a query) answers.
     */
    @Test
    void theFastPathAnswersExactlyAsTheFullPathDoes() throws Exception {
        // The observation starts before the response is written, so every request answered so far is recorded.
        observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<
                org.springframework.http.server.observation.ServerRequestObservationContext>() {
            @Override
            public void onStart(org.springframework.http.server.observation.ServerRequestObservationContext context) {
                if (context.getCarrier().getQueryString() == null) {
                    observed.add(context.getCarrier().getRequestURI());
                }
            }

            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return context instanceof org.springframework.http.server.observation.ServerRequestObservationContext;
            }
        });
        String incident = openIncident(now, declare(registerComponent("followed"), PARTIAL));
        awaitProjections();
        for (String path : new String[] {"/", "/api/v2/summary.json", "/api/v2/incidents/unresolved.json",
                "/api/status", "/history.atom", "/incidents/" + incident}) {
            String accept = path.equals("/") || path.startsWith("/incidents/") ? "text/html"
                    : path.endsWith(".atom") ? "application/atom+xml" : "application/json";
            fetch(path, accept, "gzip"); // a kept answer for the documents built per request
            fetch(path + "?warm", accept, "gzip"); // the full path renders first
            double before = fastPathCount();
            long observedBefore = observed.stream().filter(path::equals).count();
            HttpResponse<byte[]> fast = fetch(path, accept, "gzip");
            long observedAfter = observed.stream().filter(path::equals).count();
            HttpResponse<byte[]> full = fetch(path + "?full", accept, "gzip");

            assertThat(fastPathCount()).as("fast path taken for %s", path).isEqualTo(before + 1);
            // Answered before the per-request observation (counted in incident_ledger.public.fast_path instead).
            assertThat(observedAfter).as("HTTP observations of %s", path).isEqualTo(observedBefore);
            assertThat(fast.statusCode()).isEqualTo(200);
            assertThat(fast.body()).as(path).isEqualTo(full.body());
            for (String header : new String[] {"ETag", "Cache-Control", "Content-Type", "Content-Encoding",
                    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
                    "X-XSS-Protection", "Vary"}) {
                assertThat(fast.headers().allValues(header)).as("%s of %s", header, path)
                        .isEqualTo(full.headers().allValues(header));
            }
            // A reader with a credential, even a wrong one, goes the whole way: Spring Security decides.
            double counted = fastPathCount();
            HttpRequest withToken = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", accept).header("Authorization", "Bearer not-a-token").GET().build();
            assertThat(client.send(withToken, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(fastPathCount()).isEqualTo(counted);
        }
    }

    /** A kept answer never hides a change this instance has projected: the next plain read has it, no waiting. */
    @Test
    void aKeptAnswerIsReplacedByTheFirstReadAfterALocalCommit() throws Exception {
        awaitProjections();
        fetch("/history.atom", "application/atom+xml", "gzip");
        // Once nothing is being projected or announced any more (the last commit's announcement may still be on
        // its way when the processors have caught up), a read is answered from memory.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            double before = fastPathCount();
            return !text(fetch("/api/status", "application/json", "gzip")).contains("kept-")
                    && fastPathCount() > before;
        });

        String component = registerComponent("kept");
        String incident = openIncident(now, declare(component, PARTIAL));
        awaitProjections();

        assertThat(text(fetch("/api/status", "application/json", "gzip")))
                .contains(component);
        assertThat(text(fetch("/history.atom", "application/atom+xml", "gzip")))
                .contains(incident);
        fetch("/incidents/" + incident, "text/html", "gzip");
        String update = postUpdate(incident, io.incidentledger.events.IncidentStatus.IDENTIFIED, now);
        awaitProjections();
        assertThat(text(fetch("/incidents/" + incident, "text/html", "gzip"))).contains("Update " + update);
        assertThat(new String(fetch("/", "text/html", "identity").body(), StandardCharsets.UTF_8))
                .contains("Name of " + component);
    }

    private double fastPathCount() {
        return meters.find("incident_ledger.public.fast_path").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private HttpResponse<byte[]> fetch(String path, String accept, String acceptEncoding)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept).header("Accept-Encoding", acceptEncoding).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> front(String acceptEncoding, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .header("Accept", "text/html");
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The body as text, decoded if it came gzipped (as asked for). */
    private static String text(HttpResponse<byte[]> response) throws IOException {
        boolean gzipped = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
        return new String(gzipped ? gunzip(response.body()) : response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
