package io.incidentledger.command.inputguard;

import io.incidentledger.web.security.TestCredentials;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write API's per-client token bucket, in a context of its own with a small bucket (3 writes, one more
 * each second): a client over its rate gets a 429 problem detail with {@code Retry-After}; reads and other
 * clients are not affected; the bucket refills.
 */
@TestPropertySource(properties = {"incident-ledger.limits.write-rate.per-second=1",
        "incident-ledger.limits.write-rate.burst=3"})
class RateLimitApiTest extends HttpApiTest {

    @LocalServerPort
    private int port;

    @Test
    void aClientOverItsRateIsToldWhenToRetry() {
        Response refused = drainTheBucket();

        assertThat(refused.mediaType()).isEqualTo(PROBLEM_TYPE);
        assertThat(refused.json().path("type").asString()).isEqualTo("/problems/rate-limited");
        assertThat(refused.json().path("status").asInt()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).hasValue("1");
        NoLeaks.assertNoInternals(refused.body());

        assertThat(send("GET", "/api/components/anything", null, null).status())
                .as("reads are not limited").isNotEqualTo(429);
        await("the bucket refills").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> oneWrite().status() != 429);
    }

    @Test
    void eachClientHasItsOwnBucketWhereverItConnectsFrom() throws IOException {
        drainTheBucket();

        assertThat(rawDeleteFrom(InetAddress.getByName("127.0.0.2"), TestCredentials.ALL_ROLES))
                .as("the same client from another address").isEqualTo(429);
        assertThat(rawDeleteFrom(InetAddress.getByName("127.0.0.2"), TestCredentials.ADMIN))
                .as("another client's first write").isEqualTo(404);
    }

    /** Writes until refused; a refill mid-way only adds a write or two. */
    private Response drainTheBucket() {
        for (int i = 0; i < 20; i++) {
            Response response = oneWrite();
            if (response.status() == 429) {
                return response;
            }
            assertThat(response.status()).as("%s", response).isEqualTo(404);
        }
        throw new AssertionError("20 writes in a row were all accepted");
    }

    /** A write that changes nothing: retiring a component nobody registered (404). */
    private Response oneWrite() {
        return delete("/api/components/nobody-registered-this");
    }

    private int rawDeleteFrom(InetAddress local, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("DELETE /api/components/nobody-registered-this HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElseThrow();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
