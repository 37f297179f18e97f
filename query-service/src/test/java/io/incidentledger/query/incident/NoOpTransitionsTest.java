package io.incidentledger.query.incident;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An update that re-declares a component's current status (major outage → major outage) changes nothing: the
 * incident API, the Statuspage documents and the feed show no transition for it. A real change in the same
 * update still shows, and the declaration is still in the facts (the downtime is what it was).
 */
class NoOpTransitionsTest extends QueryApiTest {

    @Test
    void reDeclaringAComponentsStatusIsNoTransitionAnywhereItIsShown() throws Exception {
        String db = registerComponent("db");
        String api = registerComponent("api");
        String incident = openIncident(now.minus(Duration.ofMinutes(30)), declare(db, MAJOR));
        String same = postUpdate(incident, IncidentStatus.IDENTIFIED, now.minus(Duration.ofMinutes(20)),
                declare(db, MAJOR));
        String mixed = postUpdate(incident, IncidentStatus.IDENTIFIED, now.minus(Duration.ofMinutes(10)),
                declare(db, MAJOR), declare(api, DEGRADED));
        awaitProjections();

        // The incident API.
        JsonNode detail = getJson("/api/incidents/" + incident);
        assertThat(update(detail.path("updates"), same).path("componentChanges")).isEmpty();
        assertThat(changes(update(detail.path("updates"), mixed).path("componentChanges"), "componentId",
                "oldStatus", "newStatus")).containsExactly(api + " operational degraded_performance");
        assertThat(changes(find(detail.path("updates"), "status", "investigating").path("componentChanges"),
                "componentId", "oldStatus", "newStatus")).as("a real change still is one")
                .containsExactly(db + " operational major_outage");
        assertThat(find(getJson("/api/incidents/" + incident + "/downtime").path("components"), "componentId", db)
                .path("seconds").path("major_outage").asLong()).as("the declaration still counts").isEqualTo(1800);

        // The Statuspage documents, once rebuilt after the change.
        for (String document : List.of("summary.json", "incidents/unresolved.json")) {
            JsonNode statuspage = await(document).atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> incident(getJson("/api/v2/" + document), incident),
                            i -> i != null && i.path("incident_updates").size() == 3);
            JsonNode updates = statuspage.path("incident_updates");
            JsonNode sameUpdate = update(updates, same);
            assertThat(sameUpdate.has("affected_components")).as(document).isTrue();
            assertThat(sameUpdate.path("affected_components").isNull())
                    .as("%s: no component changed, so none affected, as for an update that names none", document)
                    .isTrue();
            assertThat(changes(update(updates, mixed).path("affected_components"), "code", "old_status",
                    "new_status")).as(document).containsExactly(api + " operational degraded_performance");
        }

        // The feed: a line per transition, none for the re-declaration.
        Entry entry = feedEntry(incident);
        String text = entry.getContents().get(0).getValue();
        assertThat(text).contains("Name of " + api + ": Operational → Degraded performance",
                "Name of " + db + ": Operational → Major outage");
        assertThat(text).doesNotContain("Major outage → Major outage");
    }

    private Entry feedEntry(String incidentId) throws Exception {
        Response response = get("/history.atom", "application/atom+xml");
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(response.body()));
        return feed.getEntries().stream().filter(e -> e.getId().endsWith("/incidents/" + incidentId)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for " + incidentId));
    }

    private static JsonNode incident(JsonNode document, String id) {
        for (JsonNode incident : document.path("incidents")) {
            if (id.equals(incident.path("id").asString())) {
                return incident;
            }
        }
        return null;
    }

    private static JsonNode update(JsonNode updates, String id) {
        return find(updates, "id", id);
    }

    private static List<String> changes(JsonNode changes, String... fields) {
        List<String> result = new ArrayList<>();
        changes.forEach(change -> {
            List<String> values = new ArrayList<>();
            for (String field : fields) {
                values.add(change.path(field).asString());
            }
            result.add(String.join(" ", values));
        });
        return result;
    }
}
