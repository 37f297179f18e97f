package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.QueryApiTest;
import io.incidentledger.query.Sql;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline in one service: an incident opened on a component reaches a webhook subscriber of that
 * component as two signed messages (the incident, and the component's change), with links from the base the
 * subscriber subscribed at.
 */
class EventToWebhookTest extends QueryApiTest {

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @DynamicPropertySource
    static void deliverQuickly(DynamicPropertyRegistry registry) throws IOException {
        // A context of its own needs a database of its own (two contexts on one database run every processor twice).
        Path own = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "pipeline-");
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + own.toAbsolutePath()
                + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        registry.add("incident-ledger.webhooks.allow-private-networks", () -> "true");
        registry.add("incident-ledger.delivery.poll-interval", () -> "20ms");
        // The settle time of component changes is AnnouncerTest's; the clock here stands still.
        registry.add("incident-ledger.announcements.settle", () -> "0s");
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void anOpenedIncidentReachesTheComponentsWebhookSubscriberAsIncidentAndComponentUpdate() throws Exception {
        String component = registerComponent("pipeline");
        awaitProjections();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM announced_component_status WHERE component_id = ?").param(component)
                .query(Long.class).single() == 1);
        String url = receive();
        jdbc.sql("""
                        INSERT INTO subscriber (subscriber_id, channel, address, address_key, secret, token,
                            all_components, created_at, confirmed_at, link_base)
                        VALUES (?, 'webhook', ?, ?, ?, ?, FALSE, ?, ?, 'https://status.example.com')""")
                .params("sub-" + component, url, url, "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "tok-" + component,
                        Sql.utc(Instant.now()), Sql.utc(Instant.now()))
                .update();
        jdbc.sql("INSERT INTO subscriber_component (subscriber_id, component_id) VALUES (?, ?)")
                .params("sub-" + component, component).update();

        String incident = openIncident(now, declare(component, ComponentStatus.MAJOR_OUTAGE));

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 2);
        JsonNode incidentMessage = received.stream().filter(m -> m.has("incident")).findFirst().orElseThrow();
        assertThat(incidentMessage.get("incident").get("id").asString()).isEqualTo(incident);
        assertThat(incidentMessage.get("incident").get("shortlink").asString())
                .isEqualTo("https://status.example.com/incidents/" + incident);
        assertThat(incidentMessage.get("meta").get("unsubscribe").asString())
                .startsWith("https://status.example.com/subscriptions/unsubscribe?token=");
        JsonNode componentMessage = received.stream().filter(m -> m.has("component_update")).findFirst().orElseThrow();
        assertThat(componentMessage.get("component_update").get("new_status").asString()).isEqualTo("major_outage");
        assertThat(componentMessage.get("component").get("id").asString()).isEqualTo(component);
    }

    private String receive() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }
}
