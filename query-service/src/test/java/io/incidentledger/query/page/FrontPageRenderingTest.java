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
 * representation, gzip when asked for (and not when refused), a 304 for a tag the client has, a new rendering
 * after a change.
 */
class FrontPageRenderingTest extends QueryApiTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void theSameBytesAnswerEveryReaderUntilTheDataChanges() throws Exception {
        awaitProjections();
        HttpResponse<byte[]> plain = front(null, null);
        HttpResponse<byte[]> again = front(null, null);
        HttpResponse<byte[]> gzipped = front("gzip, deflate, br", null);

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

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
