package io.incidentledger.query.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.incidentledger.query.QueryApiTest;

/**
 * Every public document is sent gzipped to a reader that accepts it, as built to one that does not, each
 * representation with its own strong ETag, and revalidated by either tag; the same on the fast path (a plain read)
 * and the full path (a query): the encoding is negotiated by one writer.
 */
class PublicDocumentEncodingTest extends QueryApiTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyPublicDocumentIsGzippedWhenAcceptedWithItsOwnTag() throws Exception {
        String component = registerComponent("encoded");
        awaitProjections();
        // The documents are rebuilt when the change is announced, a poll after the projections have it: compare
        // tags only once every document shows it, so no rebuild falls between two requests of one check.
        await().atMost(PROJECTION_DEADLINE).until(() -> new String(fetch("/api/v2/summary.json", "application/json",
                null, null).body(), java.nio.charset.StandardCharsets.UTF_8).contains(component)
                && new String(fetch("/api/status", "application/json", null, null).body(),
                java.nio.charset.StandardCharsets.UTF_8).contains(component));
        for (String path : new String[] {"/api/v2/summary.json", "/api/v2/incidents.json", "/api/status",
                "/history.atom", "/api/v2/summary.json?full", "/api/status?full", "/history.atom?full"}) {
            String accept = path.startsWith("/history.atom") ? "application/atom+xml" : "application/json";
            HttpResponse<byte[]> plain = fetch(path, accept, null, null);
            HttpResponse<byte[]> refused = fetch(path, accept, "gzip;q=0, identity", null);
            HttpResponse<byte[]> gzipped = fetch(path, accept, "gzip, deflate, br", null);

            assertThat(plain.statusCode()).as(path).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
            assertThat(refused.headers().firstValue("Content-Encoding")).as(path).isEmpty();
            assertThat(refused.body()).as(path).isEqualTo(plain.body());
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).as(path).startsWith("\"").endsWith("\"");

            assertThat(gzipped.statusCode()).as(path).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            assertThat(gunzip(gzipped.body())).as(path).isEqualTo(plain.body());
            assertThat(gzipped.body().length).as(path).isLessThan(plain.body().length);
            String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
            assertThat(gzipTag).as(path).isEqualTo(etag.substring(0, etag.length() - 1) + "-gz\"");
            for (HttpResponse<byte[]> answer : java.util.List.of(plain, gzipped)) {
                assertThat(answer.headers().allValues("Vary").toString()).as(path).contains("Accept-Encoding");
            }

            // Either stored tag revalidates, and the 304 names the representation this reader would get.
            HttpResponse<byte[]> notModified = fetch(path, accept, "gzip", etag);
            assertThat(notModified.statusCode()).as(path).isEqualTo(304);
            assertThat(notModified.headers().firstValue("ETag")).as(path).hasValue(gzipTag);
            assertThat(fetch(path, accept, null, gzipTag).statusCode()).as(path).isEqualTo(304);
            assertThat(fetch(path, accept, null, "\"something-else\"").statusCode()).as(path).isEqualTo(200);
        }
    }

    private HttpResponse<byte[]> fetch(String path, String accept, String acceptEncoding, String ifNoneMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
