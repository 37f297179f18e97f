package io.incidentledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.query.QueryApiTest;
import tools.jackson.databind.JsonNode;

/** What auditors read comes from the event store itself, in order, with who, when and what. */
class AuditApiTest extends QueryApiTest {

    private static final String NDJSON = "application/x-ndjson, application/problem+json";

    @Test
    void anIncidentsHistoryIsItsEventsInOrderWithEffectiveAndRecordedTimesAndTheActor() {
        String component = registerComponent("audited");
        Instant openedAt = now.minusSeconds(3600);
        Instant recordedOpening = now.minusSeconds(600);
        String incident = uniqueId("inc");
        append("Incident", incident, new IncidentOpened(incident, "Audited", io.incidentledger.events.Impact.MINOR,
                IncidentStatus.INVESTIGATING, uniqueId("upd"), "Opened late.", openedAt,
                List.of(declare(component, MAJOR))), "alice", recordedOpening);
        postUpdate(incident, IncidentStatus.IDENTIFIED, now.minusSeconds(1800), declare(component, PARTIAL));
        append("Incident", incident, new IncidentResolved(incident, uniqueId("upd"), "Fixed.", now.minusSeconds(60)),
                "bob", now.minusSeconds(30));

        JsonNode history = getJson("/api/incidents/" + incident + "/history");

        assertThat(texts(history, "type")).containsExactly("IncidentOpened", "IncidentUpdatePosted", "IncidentResolved");
        assertThat(history.get(0).path("sequence").asLong()).isZero();
        assertThat(history.get(2).path("sequence").asLong()).isEqualTo(2);
        assertThat(Instant.parse(history.get(0).path("at").asString())).isEqualTo(openedAt);
        assertThat(Instant.parse(history.get(0).path("recordedAt").asString())).isEqualTo(recordedOpening);
        assertThat(texts(history, "actor")).containsExactly("alice", "commander@example.com", "bob");
        assertThat(history.get(0).path("correlationId").asString()).isNotBlank();
        assertThat(history.get(0).path("revision").asString()).isEqualTo("1");
        assertThat(history.get(0).path("payload").path("title").asString()).isEqualTo("Audited");
        assertThat(history.get(0).path("payload").path("components").get(0).path("status").asString())
                .isEqualTo("major_outage");
    }

    /** command-service snapshots busy incidents; the audit history ignores the snapshot and reads every event. */
    @Test
    void anIncidentsHistoryStartsAtItsFirstEventEvenWhenItHasASnapshot() {
        String incident = openIncident(now.minusSeconds(3600));
        postUpdate(incident, IncidentStatus.IDENTIFIED, now.minusSeconds(1800));
        append("Incident", incident, new IncidentResolved(incident, uniqueId("upd"), "Fixed.", now.minusSeconds(60)));
        eventStore.storeSnapshot(new org.axonframework.eventhandling.GenericDomainEventMessage<>("Incident", incident,
                2, java.util.Map.of("incidentId", incident, "resolved", true)));

        JsonNode history = getJson("/api/incidents/" + incident + "/history");

        assertThat(texts(history, "type")).containsExactly("IncidentOpened", "IncidentUpdatePosted", "IncidentResolved");
    }

    @Test
    void historyOfSomethingThatIsNotAnIncidentIsNotFound() {
        String component = registerComponent("not-an-incident");
        getProblem("/api/incidents/" + component + "/history", 404);
        getProblem("/api/incidents/" + uniqueId("nothing") + "/history", 404);
    }

    @Test
    void theWholeStoreExportsAsNdjsonInGlobalOrderAndResumesAfterACursor() {
        registerComponent("export-a");
        registerComponent("export-b");
        registerComponent("export-c");

        Response all = get("/api/audit/events?limit=10000", NDJSON);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.mediaType()).isEqualTo("application/x-ndjson");
        List<JsonNode> lines = Arrays.stream(all.body().split("\n")).map(JSON::readTree).toList();
        List<Long> positions = lines.stream().map(l -> l.path("position").asLong()).toList();
        assertThat(positions).hasSizeGreaterThanOrEqualTo(3).isSorted().doesNotHaveDuplicates();

        long cursor = positions.get(positions.size() - 3);
        Response rest = get("/api/audit/events?after=" + cursor + "&limit=2", NDJSON);
        List<Long> resumed = Arrays.stream(rest.body().split("\n")).map(JSON::readTree)
                .map(l -> l.path("position").asLong()).toList();
        assertThat(resumed).containsExactlyElementsOf(positions.subList(positions.size() - 2, positions.size()));

        getBadQuery("/api/audit/events?limit=0", "limit");
        getBadQuery("/api/audit/events?after=-5", "after");
    }
}
