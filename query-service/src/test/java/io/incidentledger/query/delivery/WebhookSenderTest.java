package io.incidentledger.query.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.incidentledger.query.subscription.WebhookTargets;

/** The sender connects only where the check allowed, and cuts a receiver that does not answer. */
class WebhookSenderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private HttpServer receiver;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger delayMillis = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            received.incrementAndGet();
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /**
     * A name that resolves to a public address when checked and to loopback a moment later, when the connection
     * is made (DNS rebinding): the connection's own resolution is checked, so nothing reaches loopback.
     */
    @Test
    void aHostThatRebindsToLoopbackAfterTheCheckIsNeverConnectedTo() throws Exception {
        WebhookTargets rebinding = new WebhookTargets(false) {
            private final AtomicInteger lookups = new AtomicInteger();

            @Override
            public List<InetAddress> resolve(String host) throws RefusedTarget {
                if (lookups.getAndIncrement() == 0) {
                    try {
                        return List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
                    } catch (java.net.UnknownHostException impossible) {
                        throw new IllegalStateException(impossible);
                    }
                }
                return super.resolve(host);
            }
        };
        WebhookSender sender = new WebhookSender(rebinding, Clock.systemUTC());
        try {
            Outcome outcome = sender.send(message("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.error()).startsWith("target refused: ").contains("loopback or private");
            assertThat(received).hasValue(0);
        } finally {
            sender.destroy();
        }
    }

    @Test
    void anAllowedReceiverGetsTheMessageAndOneThatDoesNotAnswerIsCutAfterFiveSeconds() throws Exception {
        WebhookSender sender = new WebhookSender(new WebhookTargets(true), Clock.systemUTC());
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            assertThat(sender.send(message(url)).delivered()).isTrue();

            delayMillis.set(8_000);
            long started = System.nanoTime();
            Outcome outcome = sender.send(message(url));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(outcome.delivered()).isFalse();
            assertThat(tookMillis).isBetween(4_500L, 7_500L);
            assertThat(received).hasValue(2);
        } finally {
            sender.destroy();
        }
    }

    private static DueMessage message(String url) {
        return new DueMessage("msg_test", "sub-test", "webhook", url, SECRET, "{\"meta\":{}}", 0, Instant.now());
    }
}
