package io.incidentledger.query.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.QueryApiTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An announcement's body: the incident exactly as incidents.json shows it, with absolute links, and the roll-up. */
class StatuspageAnnouncementTest extends QueryApiTest {

    @Autowired
    StatuspageDocuments documents;

    @Test
    void anIncidentIsAnnouncedAsIncidentsJsonShowsItWithTheRollUp() throws Exception {
        String component = registerComponent("announced");
        String incident = openIncident(now, declare(component, ComponentStatus.MAJOR_OUTAGE));
        awaitProjections();

        JsonNode body = JSON.readTree(documents.incidentAnnouncement(incident, "https://status.example.com")
                .orElseThrow());
        // The documents are rebuilt within a poll interval of the projections' commit.
        ObjectNode listed = await().atMost(Duration.ofSeconds(5)).until(() -> listed(incident), n -> n != null);
        assertThat(body.get("incident").get("shortlink").asString())
                .isEqualTo("https://status.example.com/incidents/" + incident);
        listed.remove("shortlink");
        ((ObjectNode) body.get("incident")).remove("shortlink");
        assertThat(body.get("incident")).isEqualTo(listed);
        JsonNode rollUp = JSON.readTree(get("/api/v2/status.json").body()).get("status");
        assertThat(body.get("page").get("status_indicator")).isEqualTo(rollUp.get("indicator"));
        assertThat(body.get("page").get("status_description")).isEqualTo(rollUp.get("description"));
        assertThat(documents.incidentAnnouncement("no-such-incident", "https://x.example")).isEmpty();
    }

    private ObjectNode listed(String incident) throws Exception {
        for (JsonNode candidate : JSON.readTree(get("/api/v2/incidents.json").body()).get("incidents")) {
            if (candidate.get("id").asString().equals(incident)) {
                return (ObjectNode) candidate;
            }
        }
        return null;
    }
}
