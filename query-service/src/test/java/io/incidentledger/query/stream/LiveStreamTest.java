package io.incidentledger.query.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;
import io.incidentledger.query.QueryServiceApplication;
import io.incidentledger.query.stream.SseTestClient.Event;

/**
 * GET /api/stream against the running service, fed by appending events to its store. Its own context (a short
 * heartbeat and a five-message buffer, so resets and heartbeats happen within a test), on its own H2 directory,
 * closed after the class so its processors never compete with the shared test context's.
 */
@Tag("own-context")
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"incident-ledger.stream.heartbeat=300ms", "incident-ledger.stream.buffer-size=5"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LiveStreamTest {

    /** Generous: only a broken stream waits this long; a slow machine must not fail these tests. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("eventStore")
    EventStore eventStore;

    @Autowired
    LiveStream stream;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        try {
            Path target = Files.createDirectories(Path.of("target", "test-data"));
            Path dir = Files.createTempDirectory(target, "stream-").toAbsolutePath();
            registry.add("incident-ledger.data-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMessageArrivesForEveryProjectedEventWithTheRollUpAndIncreasingIds() {
        try (SseTestClient client = SseTestClient.connect(port, null)) {
            assertThat(client.response().statusCode()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            assertThat(client.response().headers().firstValue("Cache-Control").orElse("")).contains("no-store");

            String component = registerComponent("streamed");
            Event registered = awaitEvent(client, "componentId", component);
            String incident = openIncident(component, ComponentStatus.MAJOR_OUTAGE);
            Event opened = awaitEvent(client, "incidentId", incident);
            String update = postUpdate(incident, component, ComponentStatus.PARTIAL_OUTAGE);
            Event updated = awaitEvent(client, "incidentId", incident, "IncidentUpdatePosted");

            assertThat(registered.event()).isEqualTo("component");
            assertThat(registered.json().path("type").asString()).isEqualTo("ComponentRegistered");
            assertThat(registered.json().path("position").asLong()).isEqualTo(registered.position());
            assertThat(opened.event()).isEqualTo("incident");
            assertThat(opened.json().path("type").asString()).isEqualTo("IncidentOpened");
            // The roll-up is read after the projection committed: it already includes the change.
            // (Other tests' incidents may be open too, so only "at least major" is certain.)
            assertThat(registered.json().path("status").path("indicator").asString()).isNotBlank();
            assertThat(opened.json().path("status").path("indicator").asString()).isIn("major", "critical");
            assertThat(opened.json().path("status").path("description").asString()).isNotBlank();
            assertThat(updated.json().path("type").asString()).isEqualTo("IncidentUpdatePosted");
            assertThat(update).isNotBlank();

            List<Long> ids = client.events().stream().map(Event::position).toList();
            assertThat(ids).as("ids").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            assertThat(ids).contains(registered.position(), opened.position(), updated.position());

            // Each change is pushed on the open connection as it is projected, in the order it was appended: each
            // message was awaited before the next change was appended, so none waited for later traffic.
            assertThat(registered.position()).isLessThan(opened.position());
            assertThat(opened.position()).isLessThan(updated.position());
            assertThat(client.events()).extracting(Event::position)
                    .containsSubsequence(registered.position(), opened.position(), updated.position());
            assertThat(updated.json().path("incidentId").asString()).isEqualTo(incident);
            assertThat(updated.json().path("status").path("indicator").asString()).isIn("minor", "major", "critical");
        }
    }

    @Test
    void lastEventIdReplaysExactlyTheMissedMessagesThenGoesLive() {
        try (SseTestClient watcher = SseTestClient.connect(port, null)) {
            String component = registerComponent("resumed");
            Event first = awaitEvent(watcher, "componentId", component);
            String incident = openIncident(component, ComponentStatus.DEGRADED_PERFORMANCE);
            postUpdate(incident, component, ComponentStatus.MAJOR_OUTAGE);
            Event last = awaitEvent(watcher, "incidentId", incident, "IncidentUpdatePosted");
            List<Event> missed = watcher.events().stream()
                    .filter(e -> e.position() > first.position() && e.position() <= last.position()).toList();
            assertThat(missed).hasSize(2);

            try (SseTestClient resumed = SseTestClient.connect(port, first.id())) {
                await("replay").atMost(DEADLINE).until(() -> resumed.events().size() >= 2);
                assertThat(resumed.events()).extracting(Event::id, Event::event, Event::data)
                        .containsExactlyElementsOf(missed.stream()
                                .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.event(), e.data())).toList());

                // ...and then live, with nothing replayed twice.
                postUpdate(incident, component, ComponentStatus.OPERATIONAL);
                Event live = awaitEvent(resumed, "incidentId", incident, "IncidentUpdatePosted", last.position());
                assertThat(resumed.events()).extracting(Event::position)
                        .containsExactly(missed.get(0).position(), missed.get(1).position(), live.position());
            }

            // The query parameter serves a fresh page that knows where it left off.
            try (SseTestClient byParameter = SseTestClient.connect(
                    java.net.URI.create("http://localhost:" + port + "/api/stream?lastEventId=" + first.id()), null)) {
                await("replay by parameter").atMost(DEADLINE).until(() -> byParameter.events().size() >= 3);
                assertThat(byParameter.events().get(0).id()).isEqualTo(missed.get(0).id());
            }
        }
    }

    @Test
    void anIdOlderThanTheBufferGetsOneResetMessage() {
        try (SseTestClient watcher = SseTestClient.connect(port, null)) {
            String component = registerComponent("evicted");
            Event first = awaitEvent(watcher, "componentId", component);
            // Six more changes: the five-message buffer no longer holds the first.
            String incident = openIncident(component, ComponentStatus.DEGRADED_PERFORMANCE);
            for (int i = 0; i < 5; i++) {
                postUpdate(incident, component, i % 2 == 0 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.PARTIAL_OUTAGE);
            }
            await("six more messages").atMost(DEADLINE).until(() ->
                    watcher.events().stream().filter(e -> e.position() > first.position()).count() >= 6);

            try (SseTestClient late = SseTestClient.connect(port, first.id());
                 SseTestClient garbled = SseTestClient.connect(port, "not-a-number")) {
                await("reset").atMost(DEADLINE).until(() -> !late.events().isEmpty() && !garbled.events().isEmpty());
                assertThat(late.events()).extracting(Event::event).containsExactly("reset");
                assertThat(garbled.events()).extracting(Event::event).containsExactly("reset");
            }
        }
    }

    @Test
    void heartbeatsArriveAsCommentsAndDeadClientsAreDropped() throws IOException {
        try (SseTestClient client = SseTestClient.connect(port, null)) {
            await("two heartbeats").atMost(DEADLINE).until(() -> client.comments().size() >= 2);
            assertThat(client.comments()).allMatch(": heartbeat"::equals);
            assertThat(client.rawLines()).contains("retry:1000");
        }

        // Every client of this class has closed its connection by now; the server notices on its next write.
        await("closed clients dropped").atMost(DEADLINE).until(() -> stream.subscriberCount() == 0);
        int before = 0;

        // A client that vanishes without a word: a raw socket, closed.
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 ");
            await("subscribed").atMost(DEADLINE).until(() -> stream.subscriberCount() == before + 1);
        }
        // The next heartbeats written to the closed connection fail, and the subscriber is forgotten.
        await("dead client dropped").atMost(DEADLINE).until(() -> stream.subscriberCount() == before);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** Every maintenance transition is a message of its own, named {@code maintenance}, carrying its id. */
    @Test
    void everyMaintenanceTransitionIsStreamed() {
        try (SseTestClient client = SseTestClient.connect(port, null)) {
            String component = registerComponent("planned");
            Instant from = Instant.now().plusSeconds(3600);
            List<ComponentDeclaration> declared = List.of(ComponentDeclaration.of(component,
                    ComponentStatus.UNDER_MAINTENANCE));
            String kept = uniqueId("mnt");
            append("Maintenance", kept, new MaintenanceScheduled(kept, "Upgrade", uniqueId("upd"), "Planned.",
                    Instant.now(), declared, from, from.plusSeconds(600), true, true, null));
            append("Maintenance", kept, new MaintenanceRescheduled(kept, "Upgrade", declared, from.minusSeconds(3000),
                    from.plusSeconds(600), Instant.now()));
            append("Maintenance", kept, new MaintenanceStarted(kept, uniqueId("upd"), null, Instant.now(), true));
            append("Maintenance", kept, new MaintenanceUpdatePosted(kept, uniqueId("upd"), MaintenanceStatus.VERIFYING,
                    "Checking.", Instant.now()));
            append("Maintenance", kept, new MaintenanceCompleted(kept, uniqueId("upd"), null, Instant.now(), false));
            String dropped = uniqueId("mnt");
            append("Maintenance", dropped, new MaintenanceScheduled(dropped, "Maybe", uniqueId("upd"), "Perhaps.",
                    Instant.now(), declared, from, from.plusSeconds(600), true, true, null));
            append("Maintenance", dropped, new MaintenanceCancelled(dropped, uniqueId("upd"), null, Instant.now()));

            long after = Long.MIN_VALUE;
            for (String type : List.of("MaintenanceScheduled", "MaintenanceRescheduled", "MaintenanceStarted",
                    "MaintenanceUpdatePosted", "MaintenanceCompleted")) {
                Event event = awaitEvent(client, "maintenanceId", kept, type, after);
                assertThat(event.event()).isEqualTo("maintenance");
                assertThat(event.json().path("status").path("description").asString()).isNotBlank();
                after = event.position();
            }
            assertThat(awaitEvent(client, "maintenanceId", dropped, "MaintenanceCancelled").event())
                    .isEqualTo("maintenance");
        }
    }

    private Event awaitEvent(SseTestClient client, String field, String aggregateId) {
        return awaitEvent(client, field, aggregateId, null, Long.MIN_VALUE);
    }

    private Event awaitEvent(SseTestClient client, String field, String aggregateId, String type) {
        return awaitEvent(client, field, aggregateId, type, Long.MIN_VALUE);
    }

    /** The first event about {@code aggregateId} (of {@code type}, if given) after position {@code after}. */
    private Event awaitEvent(SseTestClient client, String field, String aggregateId, String type, long after) {
        return await("stream message for " + aggregateId + " " + type).atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> client.events().stream()
                        .filter(e -> !"reset".equals(e.event()) && e.position() > after)
                        .filter(e -> aggregateId.equals(e.json().path(field).asString(null)))
                        .filter(e -> type == null || type.equals(e.json().path("type").asString(null)))
                        .findFirst().orElse(null), e -> e != null);
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void append(String aggregateType, String aggregateId, Object payload) {
        long sequence = jdbc.sql("SELECT COALESCE(MAX(sequenceNumber), -1) + 1 FROM DomainEventEntry"
                        + " WHERE aggregateIdentifier = ?")
                .param(aggregateId).query(Long.class).single();
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload,
                Map.of("actor", "commander@example.com"), UUID.randomUUID().toString(), Instant.now()));
    }

    private String registerComponent(String prefix) {
        String id = uniqueId(prefix);
        append("Component", id, new ComponentRegistered(id, "Name of " + id, null, null, 0));
        return id;
    }

    private String openIncident(String component, ComponentStatus status) {
        String id = uniqueId("inc");
        append("Incident", id, new IncidentOpened(id, "Incident " + id, Impact.MAJOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "Investigating.", Instant.now().minusSeconds(1),
                List.of(ComponentDeclaration.of(component, status))));
        return id;
    }

    private String postUpdate(String incident, String component, ComponentStatus status) {
        String updateId = uniqueId("upd");
        append("Incident", incident, new IncidentUpdatePosted(incident, updateId, IncidentStatus.IDENTIFIED,
                "Update " + updateId, Instant.now().minusSeconds(1), List.of(ComponentDeclaration.of(component, status))));
        return updateId;
    }
}
