package io.incidentledger.query.announcement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class AnnouncementLinksTest {

    @Test
    void everyLinkTakesTheReadersBaseAndTheBodyStaysJson() {
        String body = "{\"incident\":{\"shortlink\":\"" + AnnouncementLinks.BASE + "/incidents/a\","
                + "\"other\":\"" + AnnouncementLinks.BASE + "/maintenances/b\"}}";

        String rebased = AnnouncementLinks.rebased(body, "https://status.example.com/a\"b");

        var incident = JsonMapper.builder().build().readTree(rebased).get("incident");
        assertThat(incident.get("shortlink").asString()).isEqualTo("https://status.example.com/a\"b/incidents/a");
        assertThat(incident.get("other").asString()).isEqualTo("https://status.example.com/a\"b/maintenances/b");
    }
}
