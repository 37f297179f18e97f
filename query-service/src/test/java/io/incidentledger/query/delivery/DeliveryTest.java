package io.incidentledger.query.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.Sql;
import io.incidentledger.web.security.TestCredentials;

/**
 * Delivery end to end on the real application (its real clock: the retry schedule is measured in real time),
 * with announcement and subscriber rows written directly, local HTTP receivers and an in-process SMTP server.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:delivery-test;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "incident-ledger.webhooks.allow-private-networks=true",
                "incident-ledger.webhooks.retry.initial-interval=200ms",
                "incident-ledger.delivery.poll-interval=20ms",
                "spring.mail.host=localhost",
                "spring.mail.port=3025"})
class DeliveryTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        TestCredentials.provision(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired
    WebhookSender webhooks;
    @Autowired
    EmailSender emails;
    @Autowired
    DeliverySettings settings;

    private final List<HttpServer> servers = new ArrayList<>();

    record Received(Instant at, Map<String, List<String>> headers, String body) {
    }

    @AfterEach
    void stopReceivers() {
        servers.forEach(server -> server.stop(0));
    }

    /** A receiver answering the n-th request (0-based) with statuses[n], the last one after that. */
    private String receiver(List<Received> log, Duration delay, int... statuses) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger count = new AtomicInteger();
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", (HttpExchange exchange) -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            log.add(new Received(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body));
            int n = count.getAndIncrement();
            try {
                Thread.sleep(delay.toMillis()); // a slow receiver, by design
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static String secret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private String subscriber(String channel, String address, String secret, String... components) {
        String id = "sub_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                        INSERT INTO subscriber (subscriber_id, channel, address, address_key, secret, token, all_components,
                            created_at, confirmed_at, link_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, channel, address, address + id, secret, "tok" + id, components.length == 0,
                        Sql.utc(Instant.now()), Sql.utc(Instant.now()), "http://status.example")
                .update();
        for (String component : components) {
            jdbc.sql("INSERT INTO subscriber_component (subscriber_id, component_id) VALUES (?, ?)")
                    .params(id, component).update();
        }
        return id;
    }

    /**
     * One announcement and its component in one transaction, as the Announcer writes them (in its processor's
     * transaction): written one by one, a fan-out polled in between took the announcement with no component
     * subscriber yet, and its message was never made (the likely cause of one fresh-clone run whose first attempt
     * never came within 10 s).
     */
    private long announce(String component) {
        Long id = transactions.execute(status -> insertAnnouncement(component));
        return id;
    }

    private long insertAnnouncement(String component) {
        String body = """
                {"page": {"id": "p1", "status_indicator": "minor", "status_description": "Minor Service Outage"},
                 "incident": {"id": "inc-%s", "name": "Checkout is slow", "status": "investigating", "impact": "minor",
                   "incident_updates": [{"body": "We are looking into it."}]}}""".formatted(UUID.randomUUID());
        jdbc.sql("""
                        INSERT INTO announcement (kind, subject_id, change_type, dedup_key, body, created_at)
                        VALUES ('incident', 'inc', 'incident_opened', ?, ?, ?)""")
                .params(UUID.randomUUID().toString(), body, Sql.utc(Instant.now())).update();
        long id = jdbc.sql("SELECT MAX(announcement_id) FROM announcement").query(Long.class).single();
        if (component != null) {
            jdbc.sql("INSERT INTO announcement_component (announcement_id, component_id) VALUES (?, ?)")
                    .params(id, component).update();
        }
        return id;
    }

    /** Another instance fanning out holds the cursor's row: this one leaves it to them, without waiting for it. */
    @Test
    void aFanOutThatFindsAnotherInstanceFanningOutReturnsInsteadOfWaitingForTheLock() throws Exception {
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var statement = other.createStatement();
                 var cursor = statement.executeQuery(
                         "SELECT last_announcement_id FROM delivery_cursor WHERE cursor_id = 'fanout' FOR UPDATE")) {
                assertThat(cursor.next()).isTrue();
            }
            try {
                // Before SKIP LOCKED this waited for the lock (H2 gives up after its lock timeout and throws).
                assertThat(ledger.fanOut()).isZero();
            } finally {
                other.rollback();
            }
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheThirdAttemptWithTheSameIdAndBodyOnTheBackOffSchedule() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        String secret = secret();
        String subscriber = subscriber("webhook", receiver(log, Duration.ZERO, 500, 500, 204), secret);
        announce(null);

        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM delivery_message WHERE subscriber_id = ? AND state = 'delivered'")
                .param(subscriber).query(Long.class).single() == 1);

        assertThat(log).hasSize(3);
        String id = log.get(0).headers().get("Webhook-id").get(0);
        assertThat(id).startsWith("msg_");
        for (Received received : log) {
            assertThat(received.headers().get("Webhook-id")).containsExactly(id);
            assertThat(received.body()).isEqualTo(log.get(0).body());
            Map<String, List<String>> headers = Map.of(
                    "webhook-id", received.headers().get("Webhook-id"),
                    "webhook-timestamp", received.headers().get("Webhook-timestamp"),
                    "webhook-signature", received.headers().get("Webhook-signature"));
            new Webhook(secret).verify(received.body(), headers); // throws if the signature is wrong
        }
        assertThat(log.get(0).body()).contains("\"unsubscribe\":\"http://status.example/subscriptions/unsubscribe?token=tok"
                + subscriber).contains("\"page\":{\"id\":\"p1\"").contains("\"incident\":{");
        long first = Duration.between(log.get(0).at(), log.get(1).at()).toMillis();
        long second = Duration.between(log.get(1).at(), log.get(2).at()).toMillis();
        System.out.printf("RETRY SCHEDULE: gap1=%d ms, gap2=%d ms (initial 200ms)%n", first, second);
        assertThat(first).isBetween(200L, 600L);
        assertThat(second).isBetween(400L, 900L);

        List<Map<String, Object>> attempts = jdbc.sql(
                        "SELECT a.attempt, a.outcome, a.http_status FROM delivery_attempt a JOIN delivery_message m"
                                + " ON m.message_id = a.message_id WHERE m.subscriber_id = ? ORDER BY a.attempt")
                .param(subscriber).query().listOfRows();
        assertThat(attempts).extracting(row -> row.get("outcome")).containsExactly("failed", "failed", "delivered");
        Map<String, Object> health = jdbc.sql("SELECT consecutive_failures, last_success_at FROM subscriber"
                + " WHERE subscriber_id = ?").param(subscriber).query().singleRow();
        assertThat(health.get("consecutive_failures")).isEqualTo(0);
        assertThat(health.get("last_success_at")).isNotNull();
    }

    @Test
    void aDeadReceiverDoesNotDelayAHealthyOne() throws Exception {
        List<Received> slow = new CopyOnWriteArrayList<>();
        List<Received> healthy = new CopyOnWriteArrayList<>();
        String component = "c-" + UUID.randomUUID();
        // the slow one hangs past the client's 5 s timeout; recorded first, so it is claimed first
        subscriber("webhook", receiver(slow, Duration.ofSeconds(8), 204), secret(), component);
        subscriber("webhook", receiver(healthy, Duration.ZERO, 204), secret(), component);
        Instant announced = Instant.now();
        announce(component);

        await().atMost(Duration.ofSeconds(3)).until(() -> healthy.size() == 1);
        long ms = Duration.between(announced, healthy.get(0).at()).toMillis();
        System.out.printf("HEALTHY RECEIVER got it %d ms after the announcement while the slow one hangs%n", ms);
        assertThat(ms).isLessThan(2000);
    }

    @Test
    void twoWorkersOnOneDatabaseSendEachMessageOnce() throws Exception {
        DeliveryWorker second = new DeliveryWorker(ledger, webhooks, emails, settings, Clock.systemUTC());
        second.start();
        try {
            List<Received> log = new CopyOnWriteArrayList<>();
            String component = "c-" + UUID.randomUUID();
            String url = receiver(log, Duration.ZERO, 204);
            List<String> subscribers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                subscribers.add(subscriber("webhook", url + "?n=" + i, secret(), component));
            }
            for (int i = 0; i < 10; i++) {
                announce(component);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> log.size() >= 50);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> log.size() == 50);
            Map<String, Integer> perId = new ConcurrentHashMap<>();
            log.forEach(r -> perId.merge(r.headers().get("Webhook-id").get(0), 1, Integer::sum));
            assertThat(perId).hasSize(50);
            assertThat(perId.values()).containsOnly(1);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT lease_owner) FROM delivery_message").query(Long.class).single())
                    .isZero(); // leases released
        } finally {
            second.stop();
        }
    }

    @Test
    void anEmailSubscriberGetsTextAndHtmlWithOneClickUnsubscribe() throws Exception {
        String component = "c-" + UUID.randomUUID();
        String subscriber = subscriber("email", "ada@example.org", null, component);
        announce(component);

        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        String unsubscribe = "http://status.example/subscriptions/unsubscribe?token=tok" + subscriber;
        assertThat(mail.getSubject()).isEqualTo("[investigating] Checkout is slow");
        assertThat(mail.getHeader("List-Unsubscribe")).containsExactly("<" + unsubscribe + ">");
        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        String raw = GreenMailUtil.getWholeMessage(mail);
        assertThat(raw).contains("text/plain").contains("text/html");
        Multipart parts = (Multipart) mail.getContent();
        String all = collect(parts);
        assertThat(all).contains("We are looking into it.").contains(unsubscribe).contains("href=\"" + unsubscribe);
    }

    private static String collect(Multipart multipart) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < multipart.getCount(); i++) {
            Object content = multipart.getBodyPart(i).getContent();
            text.append(content instanceof Multipart nested ? collect(nested) : String.valueOf(content)).append('\n');
        }
        return text.toString();
    }

    private java.net.http.HttpResponse<String> getDeliveries(String subscriber, String token) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/subscribers/" + subscriber + "/deliveries"));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(builder.GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminReadsASubscribersDeliveriesAndAnUnknownOneIsA404Problem() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        String component = "c-" + UUID.randomUUID();
        String subscriber = subscriber("webhook", receiver(log, Duration.ZERO, 503, 204), secret(), component);
        announce(component);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> getDeliveries(subscriber, TestCredentials.ADMIN).body()
                .contains("\"outcome\":\"delivered\""));

        var response = getDeliveries(subscriber, TestCredentials.ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subscriber_id\":\"" + subscriber)
                .contains("\"http_status\":503").contains("\"http_status\":204").contains("\"state\":\"delivered\"")
                .contains("\"change_type\":\"incident_opened\"");
        var unknown = getDeliveries("sub_nobody", TestCredentials.ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(getDeliveries(subscriber, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aMessageOutOfRetriesIsDeadAndItsSubscriberFailing() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        String component = "c-" + UUID.randomUUID();
        String subscriber = subscriber("webhook", receiver(log, Duration.ZERO, 500), secret(), component);
        long announcement = announce(component);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 1);
        // as if it had been failing for longer than give-up-after (25 h by default)
        jdbc.sql("UPDATE delivery_message SET created_at = ?, next_attempt_at = ? WHERE subscriber_id = ?")
                .params(Sql.utc(Instant.now().minus(Duration.ofHours(26))), Sql.utc(Instant.now()), subscriber).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(jdbc.sql(
                "SELECT state FROM delivery_message WHERE subscriber_id = ? AND announcement_id = ?")
                .params(subscriber, announcement).query(String.class).single()));
        Map<String, Object> health = jdbc.sql("SELECT failing_since, consecutive_failures, last_error FROM subscriber"
                + " WHERE subscriber_id = ?").param(subscriber).query().singleRow();
        assertThat(health.get("failing_since")).isNotNull();
        assertThat((Integer) health.get("consecutive_failures")).isGreaterThanOrEqualTo(2);
        assertThat(health.get("last_error")).isEqualTo("HTTP 500");
        int attempts = log.size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> log.size() == attempts);
    }
}
