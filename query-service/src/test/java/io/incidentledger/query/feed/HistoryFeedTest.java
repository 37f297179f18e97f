package io.incidentledger.query.feed;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryFeedTest extends QueryApiTest {

    static final String PAYLOAD = "<script>alert(1)</script>\"><svg onload=alert(1)>";

    @LocalServerPort
    int port;

    private Feed feed() throws Exception {
        Response response = get("/history.atom", "application/atom+xml");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo("application/atom+xml");
        return (Feed) new WireFeedInput().build(new StringReader(response.body()));
    }

    @Test
    void theHistoryIsAValidAtomFeedWithAnEntryPerIncidentAndItsUpdatesNewestFirst() throws Exception {
        String incident = openIncident(now.minus(Duration.ofMinutes(30)));
        String update = postUpdate(incident, IncidentStatus.IDENTIFIED, now.minus(Duration.ofMinutes(10)));
        resolveIncident(incident, now);
        awaitProjections();

        Feed feed = feed();

        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        // No public URL configured: the address this request was served at.
        assertThat(feed.getId()).isEqualTo("http://localhost:" + port + "/history.atom");
        assertThat(feed.getUpdated()).isNotNull();
        assertThat(feed.getEntries()).hasSizeLessThanOrEqualTo(50);
        Entry entry = entry(feed, incident);
        assertThat(entry.getTitle()).isEqualTo("Incident " + incident);
        assertThat(entry.getAlternateLinks().get(0).getHref()).isEqualTo("http://localhost:" + port + "/incidents/" + incident);
        assertThat(entry.getUpdated()).isNotNull();
        Content content = entry.getContents().get(0);
        assertThat(content.getType()).isEqualTo("text");
        String text = content.getValue();
        assertThat(text.indexOf("Resolved.")).isLessThan(text.indexOf("Update " + update))
                .isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf("Update " + update)).isLessThan(text.indexOf("We are investigating."));
    }

    @Test
    void payloadsStayTextInTheFeed() throws Exception {
        String incident = uniqueId("inc");
        append("Incident", incident, new IncidentOpened(incident, PAYLOAD, Impact.MINOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), "<img src=x onerror=alert(1)>", now, List.of()));
        append("Incident", incident, new IncidentUpdatePosted(incident, uniqueId("upd"), IncidentStatus.IDENTIFIED,
                "[x](javascript:alert(1))", now, List.of()));
        awaitProjections();

        String xml = get("/history.atom", "application/atom+xml").body();
        assertThat(xml).doesNotContain("<script>", "<svg", "<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Entry entry = entry(feed(), incident);
        assertThat(entry.getTitle()).isEqualTo(PAYLOAD);
        assertThat(entry.getTitleEx().getType()).isIn(null, "text");
        assertThat(entry.getContents().get(0).getValue())
                .contains("<img src=x onerror=alert(1)>", "[x](javascript:alert(1))");
    }

    private static Entry entry(Feed feed, String incidentId) {
        return feed.getEntries().stream().filter(e -> e.getId().endsWith("/incidents/" + incidentId)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry for " + incidentId));
    }
}
