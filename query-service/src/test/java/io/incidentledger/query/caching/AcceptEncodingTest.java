package io.incidentledger.query.caching;

import static io.incidentledger.query.caching.ContentCoding.BROTLI;
import static io.incidentledger.query.caching.ContentCoding.GZIP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which codings a request's {@code Accept-Encoding} takes, most wanted first (RFC 9110 §12.5.3). */
class AcceptEncodingTest {

    private static final List<ContentCoding> OFFERED = List.of(BROTLI, GZIP);

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none                           | ''",
            "''                             | ''",
            "identity                       | ''",
            "gzip                           | gzip",
            "x-gzip                         | gzip",
            "GZIP                           | gzip",
            "br                             | br",
            // Browsers over HTTPS: equal weights, the smaller coding first.
            "gzip, deflate, br, zstd        | br gzip",
            "gzip, deflate                  | gzip",
            "*                              | br gzip",
            "br;q=0, *                      | gzip",
            "gzip;q=0, identity             | ''",
            "gzip;q=0.000, br;q=0           | ''",
            "br;q=0.5, gzip                 | gzip br",
            "br; q=0.9, gzip;q=0.8          | br gzip",
            "gzip;q=0.001                   | gzip",
            "*;q=0                          | ''",
            "*;q=0, gzip                    | gzip",
            // A malformed weight counts as 1, as lenient clients expect.
            "gzip;q=abc                     | gzip",
            "deflate, compress              | ''"})
    void acceptedCodingsMostWantedFirst(String header, String expected) {
        List<String> tokens = AcceptEncoding.preferred(header, OFFERED).stream().map(ContentCoding::token).toList();
        assertThat(String.join(" ", tokens)).isEqualTo(expected);
    }

    @Test
    void onlyOfferedCodingsAreTaken() {
        // Where brotli4j has no native library, gzip is all there is to offer.
        assertThat(AcceptEncoding.preferred("br, gzip", List.of(GZIP))).containsExactly(GZIP);
        assertThat(AcceptEncoding.preferred("br", List.of(GZIP))).isEmpty();
    }
}
