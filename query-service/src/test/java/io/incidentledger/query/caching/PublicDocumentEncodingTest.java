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
 * Every public document is sent brotli-coded or gzipped to a reader that accepts it (brotli first when both are
 * equally welcome, the client's weights first otherwise), as built to one that accepts neither, each
 * representation with its own strong ETag, and revalidated by any of the tags; the same on the fast path (a plain
 * read) and the full path (a query): the encoding is negotiated by one writer. The brotli bodies are decoded with
 * the reference decoder (Google's, through brotli4j), not compared with anything of ours.
 */
class PublicDocumentEncodingTest extends QueryApiTest {

    /** Each document by the fast path (a plain read) and by the full path (a query). */
    private static final String[] PATHS = {"/api/v2/summary.json", "/api/v2/incidents.json", "/api/status",
            "/history.atom", "/api/v2/summary.json?full", "/api/status?full", "/history.atom?full"};

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyPublicDocumentIsGzippedWhenAcceptedWithItsOwnTag() throws Exception {
        awaitEveryDocumentShowing(registerComponent("encoded"));
        for (String path : PATHS) {
            String accept = path.startsWith("/history.atom") ? "application/atom+xml" : "application/json";
            HttpResponse<byte[]> plain = fetch(path, accept, null, null);
            HttpResponse<byte[]> refused = fetch(path, accept, "gzip;q=0, identity", null);
            HttpResponse<byte[]> gzipped = fetch(path, accept, "gzip, deflate", null);

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

    @Test
    void everyPublicDocumentIsBrotliCodedWhenAcceptedWithItsOwnTag() throws Exception {
        assertThat(EncodedBody.offersBrotli()).as("brotli4j's native library loads here").isTrue();
        awaitEveryDocumentShowing(registerComponent("brotli"));
        for (String path : PATHS) {
            String accept = path.startsWith("/history.atom") ? "application/atom+xml" : "application/json";
            HttpResponse<byte[]> plain = fetch(path, accept, null, null);
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            // What a browser sends over HTTPS: brotli is the smaller of the two.
            HttpResponse<byte[]> coded = fetch(path, accept, "gzip, deflate, br, zstd", null);

            assertThat(coded.statusCode()).as(path).isEqualTo(200);
            assertThat(coded.headers().firstValue("Content-Encoding")).as(path).hasValue("br");
            assertThat(unbrotli(coded.body())).as(path).isEqualTo(plain.body());
            assertThat(coded.body().length).as(path).isLessThan(plain.body().length);
            assertThat(coded.headers().firstValue("Content-Length")).as(path)
                    .hasValue(Integer.toString(coded.body().length));
            String brotliTag = coded.headers().firstValue("ETag").orElseThrow();
            assertThat(brotliTag).as(path).isEqualTo(etag.substring(0, etag.length() - 1) + "-br\"");
            assertThat(coded.headers().allValues("Vary").toString()).as(path).contains("Accept-Encoding");

            // The client's weights decide; brotli refused or weighted lower is gzip.
            assertThat(fetch(path, accept, "br;q=0.5, gzip", null).headers().firstValue("Content-Encoding"))
                    .as(path).hasValue("gzip");
            assertThat(fetch(path, accept, "br;q=0, *", null).headers().firstValue("Content-Encoding"))
                    .as(path).hasValue("gzip");
            assertThat(fetch(path, accept, "*", null).headers().firstValue("Content-Encoding"))
                    .as(path).hasValue("br");

            // Any stored tag revalidates, and the 304 names the representation this reader would get.
            HttpResponse<byte[]> notModified = fetch(path, accept, "br", etag);
            assertThat(notModified.statusCode()).as(path).isEqualTo(304);
            assertThat(notModified.headers().firstValue("ETag")).as(path).hasValue(brotliTag);
            assertThat(fetch(path, accept, "gzip", brotliTag).statusCode()).as(path).isEqualTo(304);
            assertThat(fetch(path, accept, null, brotliTag).statusCode()).as(path).isEqualTo(304);
        }
    }

    /**
     * The documents are rebuilt when the change is announced, a poll after the projections have it: compare tags
     * only once every document shows it, so no rebuild falls between two requests of one check.
     */
    private void awaitEveryDocumentShowing(String component) {
        awaitProjections();
        await().atMost(PROJECTION_DEADLINE).until(() -> new String(fetch("/api/v2/summary.json", "application/json",
                null, null).body(), java.nio.charset.StandardCharsets.UTF_8).contains(component)
                && new String(fetch("/api/status", "application/json", null, null).body(),
                java.nio.charset.StandardCharsets.UTF_8).contains(component));
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

    private static byte[] unbrotli(byte[] coded) throws IOException {
        com.aayushatharva.brotli4j.decoder.DirectDecompress decoded =
                com.aayushatharva.brotli4j.decoder.Decoder.decompress(coded);
        assertThat(decoded.getResultStatus()).isEqualTo(com.aayushatharva.brotli4j.decoder.DecoderJNI.Status.DONE);
        return decoded.getDecompressedData();
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
