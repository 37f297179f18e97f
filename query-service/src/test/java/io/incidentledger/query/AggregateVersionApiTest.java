package io.incidentledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentUpdated;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.events.incident.IncidentReopened;

/**
 * The query side's answers about an incident or a component carry its aggregate version: {@code version} in the body
 * and, on single-resource answers, the {@code Aggregate-Version} header. It is the sequence number of the last event
 * of that aggregate the projection applied, which is exactly what command-service answers as its ETag (opened or
 * registered = 0, each further event + 1; each of these commands applies one event) and accepts back as If-Match.
 * The body-hash ETag stays as it was.
 */
class AggregateVersionApiTest extends QueryApiTest {

    @Test
    void anIncidentsVersionIsTheSequenceNumberOfItsLastEventAfterEveryKindOfEvent() {
        String component = registerComponent("versioned");
        String incident = openIncident(now.minusSeconds(600), declare(component, MAJOR));
        assertIncidentVersion(incident, 0);

        postUpdate(incident, IncidentStatus.IDENTIFIED, now.minusSeconds(500), declare(component, PARTIAL));
        assertIncidentVersion(incident, 1);

        append("Incident", incident, new IncidentImpactChanged(incident, Impact.MINOR, now.minusSeconds(450)));
        assertIncidentVersion(incident, 2);

        resolveIncident(incident, now.minusSeconds(400));
        assertIncidentVersion(incident, 3);

        append("Incident", incident, new IncidentReopened(incident, uniqueId("upd"), "Back again.",
                now.minusSeconds(300), List.of(declare(component, DEGRADED))));
        assertIncidentVersion(incident, 4);

        append("Incident", incident, new IncidentImpactCorrected(incident, uniqueId("cor"), component,
                ComponentStatus.MAJOR_OUTAGE, now.minusSeconds(600), now.minusSeconds(500), "It was worse."));
        assertIncidentVersion(incident, 5);

        append("Incident", incident, new IncidentPostmortemPublished(incident, "What happened.", now));
        assertIncidentVersion(incident, 6);
    }

    @Test
    void theListItemsCarryTheVersionAndTheBodyHashEtagStaysAsItWas() {
        String component = registerComponent("listed");
        String incident = openIncident(now.minusSeconds(60), declare(component, DEGRADED));
        postUpdate(incident, IncidentStatus.MONITORING, now.minusSeconds(30));
        awaitProjections();

        JsonNode items = getJson("/api/incidents?component=" + component).path("items");
        assertThat(find(items, "id", incident).path("version").asLong()).isEqualTo(1);
        JsonNode open = getJson("/api/status").path("openIncidents");
        assertThat(find(open, "id", incident).path("version").asLong()).isEqualTo(1);

        Response detail = get("/api/incidents/" + incident);
        // The ETag is the body's hash, for caches, not the version: it is what If-None-Match takes.
        String etag = detail.header("ETag").orElseThrow();
        assertThat(etag).isNotEqualTo("\"1\"").startsWith("\"0");
        assertThat(detail.header(AggregateVersion.HEADER)).contains("1");
    }

    @Test
    void aComponentsVersionIsTheSequenceNumberOfItsLastEvent() {
        String component = registerComponent("versioned-component");
        assertComponentVersion(component, 0);

        append("Component", component, new ComponentUpdated(component, "Renamed", null, "About it", 3));
        assertComponentVersion(component, 1);
    }

    @Test
    void asOfAnswersCarryTheVersionAsItWasThen() {
        Instant opened = now.minus(Duration.ofMinutes(10));
        Instant updated = now.minus(Duration.ofMinutes(5));
        String incident = uniqueId("inc");
        append("Incident", incident, new io.incidentledger.events.incident.IncidentOpened(incident, "Then",
                Impact.MAJOR, IncidentStatus.INVESTIGATING, uniqueId("upd"), "Investigating.", opened, List.of()),
                "commander@example.com", opened);
        append("Incident", incident, new io.incidentledger.events.incident.IncidentUpdatePosted(incident,
                uniqueId("upd"), IncidentStatus.IDENTIFIED, "Found it.", updated, List.of()),
                "commander@example.com", updated);
        awaitProjections();

        assertThat(getJson("/api/incidents/" + incident).path("version").asLong()).isEqualTo(1);
        Response then = get("/api/incidents/" + incident + "?asOf=" + opened.plusSeconds(60));
        assertThat(then.status()).as("%s", then).isEqualTo(200);
        assertThat(then.json().path("version").asLong()).isEqualTo(0);
        assertThat(then.header(AggregateVersion.HEADER)).contains("0");
    }

    private void assertIncidentVersion(String incident, long expected) {
        awaitProjections();
        assertThat(commandSideVersion(incident)).as("the version command-service would report").isEqualTo(expected);
        Response response = get("/api/incidents/" + incident);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().path("version").isIntegralNumber()).as("%s", response).isTrue();
        assertThat(response.json().path("version").asLong()).isEqualTo(expected);
        assertThat(response.header(AggregateVersion.HEADER)).contains(Long.toString(expected));
    }

    private void assertComponentVersion(String component, long expected) {
        awaitProjections();
        assertThat(commandSideVersion(component)).as("the version command-service would report").isEqualTo(expected);
        Response uptime = get("/api/components/" + component + "/uptime?days=1");
        assertThat(uptime.status()).as("%s", uptime).isEqualTo(200);
        assertThat(uptime.json().path("version").asLong()).isEqualTo(expected);
        assertThat(uptime.header(AggregateVersion.HEADER)).contains(Long.toString(expected));
        JsonNode status = find(getJson("/api/status").path("components"), "id", component);
        assertThat(status.path("version").asLong()).isEqualTo(expected);
    }

    /** An Axon aggregate's version is the sequence number of its last event: what command-service puts in its ETag. */
    private long commandSideVersion(String aggregateId) {
        return jdbc.sql("SELECT MAX(sequenceNumber) FROM DomainEventEntry WHERE aggregateIdentifier = ?")
                .param(aggregateId).query(Long.class).single();
    }
}
