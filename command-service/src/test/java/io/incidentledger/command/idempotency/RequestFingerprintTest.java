package io.incidentledger.command.idempotency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTest {

    @Test
    void aJsonBodyCountsByItsMeaningNotItsSpelling() {
        assertThat(of("POST", "/api/incidents", "{\"a\": 1, \"b\": {\"d\": [1, 2], \"c\": null}}"))
                .isEqualTo(of("POST", "/api/incidents", "{\"b\":{\"c\":null,\"d\":[1,2]},\"a\":1}"));
    }

    @Test
    void methodPathAndEveryValueCount() {
        String body = "{\"a\": 1, \"list\": [1, 2]}";
        String fingerprint = of("POST", "/api/incidents", body);
        assertThat(of("PATCH", "/api/incidents", body)).isNotEqualTo(fingerprint);
        assertThat(of("POST", "/api/incidents/x", body)).isNotEqualTo(fingerprint);
        assertThat(of("POST", "/api/incidents", "{\"a\": 2, \"list\": [1, 2]}")).isNotEqualTo(fingerprint);
        assertThat(of("POST", "/api/incidents", "{\"a\": 1, \"list\": [2, 1]}")).as("order within a list")
                .isNotEqualTo(fingerprint);
        assertThat(of("POST", "/api/incidents", "{\"a\": \"1\", \"list\": [1, 2]}")).isNotEqualTo(fingerprint);
    }

    @Test
    void aBodyWithoutOneMeaningCountsByteForByte() {
        // Duplicate fields, trailing garbage or no JSON at all: only the very same bytes match.
        for (String odd : new String[] {"{\"a\": 1, \"a\": 2}", "{\"a\": 1} }", "not json"}) {
            assertThat(of("POST", "/p", odd)).isEqualTo(of("POST", "/p", odd));
            assertThat(RequestFingerprint.canonical(bytes(odd))).isEqualTo(bytes(odd));
        }
        assertThat(of("POST", "/p", "{\"a\": 1, \"a\": 2}")).isNotEqualTo(of("POST", "/p", "{\"a\": 2}"));
        assertThat(of("DELETE", "/p", "")).hasSize(64).isNotEqualTo(of("DELETE", "/q", ""));
    }

    private static String of(String method, String path, String body) {
        return RequestFingerprint.of(method, path, bytes(body));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
