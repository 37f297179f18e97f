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
import io.incidentledger.query.announcement.AnnouncementLinks;
import io.incidentledger.query.stream.SseTestClient.Event;

/**
 * GET /api/stream against the running service, fed by appending events to its store: the announcements, in the
 * subscribers' vocabulary, resumable from the announcements table. Its own context (a short heartbeat, no settle
 * time, a replay limit of five so resets happen within a test), on its own H2 directory, closed after the class so
 * its processors never compete with the shared test context's.
 */
@Tag("own-context")
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"incident-ledger.stream.heartbeat=300ms", "incident-ledger.stream.replay-limit=5",
                "incident-ledger.announcements.settle=0s"})
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
    void anIncidentAndTheComponentItMovesArriveInTheSubscribersVocabulary() {
        try (SseTestClient client = SseTestClient.connect(port, null)) {
            assertThat(client.response().statusCode()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            assertThat(client.response().headers().firstValue("Cache-Control").orElse("")).contains("no-store");

            String component = registerComponent("streamed");
            awaitFirstSight(component);
            String incident = openIncident(component, ComponentStatus.MAJOR_OUTAGE);
            Event opened = awaitIncident(client, incident, "incident_opened");
            Event moved = awaitComponent(client, component, "major_outage");
            postUpdate(incident, component, ComponentStatus.PARTIAL_OUTAGE);
            Event updated = awaitIncident(client, incident, "incident_updated");
            Event eased = awaitComponent(client, component, "partial_outage");

            assertThat(opened.event()).isEqualTo("incident");
            assertThat(opened.json().path("incident").path("name").asString()).isEqualTo("Incident " + incident);
            assertThat(opened.json().path("incident").path("components").get(0).path("id").asString())
                    .isEqualTo(component);
            // The roll-up is the page's after the change. (Other tests' incidents may be open too.)
            assertThat(opened.json().path("page").path("status_indicator").asString()).isIn("major", "critical");
            assertThat(opened.json().path("page").path("status_description").asString()).isNotBlank();
            // The links start with the address this client reached the page at, not a placeholder.
            assertThat(opened.data()).doesNotContain(AnnouncementLinks.BASE);
            assertThat(opened.json().path("incident").path("shortlink").asString())
                    .startsWith("http://localhost:" + port + "/");

            assertThat(moved.event()).isEqualTo("component_update");
            assertThat(moved.json().path("type").asString()).isEqualTo("component_status_changed");
            assertThat(moved.json().path("component_update").path("old_status").asString()).isEqualTo("operational");
            assertThat(moved.json().path("component").path("id").asString()).isEqualTo(component);
            assertThat(moved.json().path("component").path("name").asString()).isEqualTo("Name of " + component);
            assertThat(eased.json().path("component_update").path("old_status").asString()).isEqualTo("major_outage");
            assertThat(updated.json().path("incident").path("incident_updates").size()).isEqualTo(2);

            // Registering the component was not news: its only messages are the two moves. The incident that moved
            // it comes first.
            assertThat(client.events()).filteredOn(e -> "component_update".equals(e.event()))
                    .filteredOn(e -> component.equals(e.json().path("component").path("id").asString()))
                    .extracting(e -> e.json().path("component_update").path("new_status").asString())
                    .containsExactly("major_outage", "partial_outage");
            assertThat(opened.position()).isLessThan(moved.position());
            List<Long> ids = client.events().stream().map(Event::position).toList();
            assertThat(ids).as("ids").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            assertThat(opened.position()).isLessThan(updated.position());
            assertThat(moved.position()).isLessThan(eased.position());
            // The id is the announcement's, the same on every instance.
            assertThat(jdbc.sql("SELECT change_type FROM announcement WHERE announcement_id = ?")
                    .param(opened.position()).query(String.class).single()).isEqualTo("incident_opened");
        }
    }

    @Test
    void lastEventIdReplaysExactlyTheMissedAnnouncementsFromTheTableThenGoesLive() {
        try (SseTestClient watcher = SseTestClient.connect(port, null)) {
            String component = registerComponent("resumed");
            awaitFirstSight(component);
            String incident = openIncident(component, ComponentStatus.DEGRADED_PERFORMANCE);
            Event first = awaitIncident(watcher, incident, "incident_opened");
            postUpdate(incident, component, ComponentStatus.MAJOR_OUTAGE);
            awaitIncident(watcher, incident, "incident_updated");
            Event last = awaitComponent(watcher, component, "major_outage");
            List<Event> missed = watcher.events().stream()
                    .filter(e -> e.position() > first.position() && e.position() <= last.position()).toList();
            assertThat(missed).hasSizeGreaterThanOrEqualTo(2);

            try (SseTestClient resumed = SseTestClient.connect(port, first.id())) {
                await("replay").atMost(DEADLINE).until(() -> resumed.events().size() >= missed.size());
                assertThat(resumed.events()).extracting(Event::id, Event::event, Event::data)
                        .containsExactlyElementsOf(missed.stream()
                                .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.event(), e.data())).toList());

                // ...and then live, with nothing replayed twice.
                postUpdate(incident, component, ComponentStatus.OPERATIONAL);
                Event live = awaitIncident(resumed, incident, "incident_updated", last.position());
                assertThat(resumed.events()).extracting(Event::position).doesNotHaveDuplicates()
                        .startsWith(missed.stream().map(Event::position).toArray(Long[]::new))
                        .contains(live.position());
            }

            // The query parameter serves a fresh page that knows where it left off.
            try (SseTestClient byParameter = SseTestClient.connect(
                    java.net.URI.create("http://localhost:" + port + "/api/stream?lastEventId=" + first.id()), null)) {
                await("replay by parameter").atMost(DEADLINE).until(() -> byParameter.events().size() >= missed.size());
                assertThat(byParameter.events().get(0).id()).isEqualTo(missed.get(0).id());
            }
        }
    }

    /**
     * What another instance's announcer wrote, or what was written before this instance started, is in the table,
     * not in anyone's memory: it is streamed live and replayed like any other announcement.
     */
    @Test
    void anAnnouncementWrittenElsewhereIsStreamedAndReplayedFromTheTable() {
        try (SseTestClient watcher = SseTestClient.connect(port, null)) {
            await("joined").atMost(DEADLINE).until(() -> stream.subscriberCount() >= 1);
            String subject = uniqueId("elsewhere");
            String dedup = "test:" + subject;
            jdbc.sql("""
                            INSERT INTO announcement (position, kind, subject_id, change_type, dedup_key, body, created_at)
                            VALUES (NULL, 'incident', ?, 'incident_updated', ?, ?, CURRENT_TIMESTAMP)""")
                    .params(subject, dedup, "{\"page\":{\"status_indicator\":\"minor\"},\"incident\":{\"id\":\""
                            + subject + "\",\"shortlink\":\"" + AnnouncementLinks.BASE + "/incidents/" + subject + "\"}}")
                    .update();
            long id = jdbc.sql("SELECT announcement_id FROM announcement WHERE dedup_key = ?").param(dedup)
                    .query(Long.class).single();

            Event live = await("streamed").atMost(DEADLINE).until(() -> watcher.events().stream()
                    .filter(e -> e.position() == id).findFirst().orElse(null), e -> e != null);
            assertThat(live.json().path("type").asString()).isEqualTo("incident_updated");
            assertThat(live.json().path("incident").path("shortlink").asString())
                    .isEqualTo("http://localhost:" + port + "/incidents/" + subject);

            try (SseTestClient resumed = SseTestClient.connect(port, Long.toString(id - 1))) {
                await("replayed").atMost(DEADLINE).until(() -> !resumed.events().isEmpty());
                assertThat(resumed.events().get(0).data()).isEqualTo(live.data());
            }
        }
    }

    @Test
    void anIdNoLongerKeptOrTooFarBehindGetsOneResetMessage() {
        try (SseTestClient watcher = SseTestClient.connect(port, null)) {
            String component = registerComponent("evicted");
            awaitFirstSight(component);
            String incident = openIncident(component, ComponentStatus.DEGRADED_PERFORMANCE);
            Event first = awaitIncident(watcher, incident, "incident_opened");
            // Six more announcements: more than the replay limit of five.
            for (int i = 0; i < 6; i++) {
                postUpdate(incident, component, i % 2 == 0 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.PARTIAL_OUTAGE);
            }
            await("six more messages").atMost(DEADLINE).until(() -> watcher.events().stream()
                    .filter(e -> e.position() > first.position() && "incident".equals(e.event())).count() >= 6);

            try (SseTestClient late = SseTestClient.connect(port, first.id());
                 SseTestClient garbled = SseTestClient.connect(port, "not-a-number")) {
                await("reset").atMost(DEADLINE).until(() -> !late.events().isEmpty() && !garbled.events().isEmpty());
                assertThat(late.events().get(0).event()).isEqualTo("reset");
                assertThat(garbled.events()).extracting(Event::event).containsExactly("reset");
            }

            // Announcements past their retention are deleted: an id older than the oldest kept cannot be resumed.
            jdbc.sql("DELETE FROM announcement WHERE announcement_id <= ?").param(first.position()).update();
            try (SseTestClient purged = SseTestClient.connect(port, Long.toString(first.position() - 1))) {
                await("reset after purge").atMost(DEADLINE).until(() -> !purged.events().isEmpty());
                assertThat(purged.events().get(0).event()).isEqualTo("reset");
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

    /** Every maintenance transition is a message of its own, named {@code maintenance}, carrying its object. */
    @Test
    void everyMaintenanceTransitionIsStreamed() {
        try (SseTestClient client = SseTestClient.connect(port, null)) {
            String component = registerComponent("planned");
            awaitFirstSight(component);
            Instant from = Instant.now().plusSeconds(7200);
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

            List<String> seen = await("maintenance messages").atMost(DEADLINE).until(() -> client.events().stream()
                    .filter(e -> "maintenance".equals(e.event()))
                    .filter(e -> kept.equals(e.json().path("incident").path("id").asString(null)))
                    .map(e -> e.json().path("type").asString()).toList(), types -> types.size() >= 5);
            assertThat(seen).containsExactly("maintenance_scheduled", "maintenance_rescheduled", "maintenance_started",
                    "maintenance_updated", "maintenance_completed");
            Event cancelled = awaitEvent(client, dropped, "maintenance_cancelled", Long.MIN_VALUE);
            assertThat(cancelled.event()).isEqualTo("maintenance");
            assertThat(cancelled.json().path("incident").path("status").asString()).isNotBlank();
        }
    }

    private void awaitFirstSight(String component) {
        await("first sight of " + component).atMost(DEADLINE).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM announced_component_status WHERE component_id = ?").param(component)
                .query(Long.class).single() == 1);
    }

    private Event awaitIncident(SseTestClient client, String incident, String type) {
        return awaitIncident(client, incident, type, Long.MIN_VALUE);
    }

    private Event awaitIncident(SseTestClient client, String incident, String type, long after) {
        return awaitEvent(client, incident, type, after);
    }

    /** The first message about {@code subject} (the incident's or maintenance's id) of {@code type} after {@code after}. */
    private Event awaitEvent(SseTestClient client, String subject, String type, long after) {
        return await("stream message for " + subject + " " + type).atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> client.events().stream()
                        .filter(e -> !"reset".equals(e.event()) && e.position() > after)
                        .filter(e -> subject.equals(e.json().path("incident").path("id").asString(null)))
                        .filter(e -> type.equals(e.json().path("type").asString(null)))
                        .findFirst().orElse(null), e -> e != null);
    }

    /** The component_update moving {@code component} to {@code status}. */
    private Event awaitComponent(SseTestClient client, String component, String status) {
        return await("component_update of " + component + " to " + status).atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> client.events().stream()
                        .filter(e -> "component_update".equals(e.event()))
                        .filter(e -> component.equals(e.json().path("component_update").path("component_id")
                                .asString(null)))
                        .filter(e -> status.equals(e.json().path("component_update").path("new_status").asString(null)))
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
