package io.incidentledger.query.page;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.query.QueryApiTest;
import org.attoparser.dom.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.incidentledger.query.page.Html.attr;
import static io.incidentledger.query.page.Html.has;
import static io.incidentledger.query.page.Html.inside;
import static io.incidentledger.query.page.Html.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The front page as a browser receives it, parsed, located by the data attributes of the shared contract. */
class StatusPageTest extends QueryApiTest {

    static final String HTML = "text/html";

    Html page(String path) {
        Response response = get(path, HTML);
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(HTML);
        return Html.parse(response.body());
    }

    @Test
    void showsTheBannerComponentsByGroupAndOpenIncidentsWithTheirUpdatesNewestFirst() {
        String group = uniqueId("group");
        String api = registerComponent("api", group, 1);
        String web = registerComponent("web", group, 2);
        String lonely = registerComponent("dns");
        String incident = uniqueId("inc");
        String opening = uniqueId("upd");
        Instant started = now.minus(Duration.ofMinutes(30));
        append("Incident", incident, new IncidentOpened(incident, "API errors", Impact.MAJOR,
                IncidentStatus.INVESTIGATING, opening, "We are investigating.", started,
                List.of(declare(api, MAJOR))));
        String identified = postUpdate(incident, IncidentStatus.IDENTIFIED, now.minus(Duration.ofMinutes(10)),
                declare(api, PARTIAL));
        // Written down now, but it happened 20 minutes ago: it sorts by when it happened and shows both times.
        String late = uniqueId("upd");
        append("Incident", incident, new IncidentUpdatePosted(incident, late, IncidentStatus.INVESTIGATING,
                "Backdated note.", now.minus(Duration.ofMinutes(20)), List.<ComponentDeclaration>of()));
        awaitProjections();

        Html html = page("/");

        JsonNode status = getJson("/api/status");
        Element banner = html.one("data-testid", "overall-status");
        assertThat(attr(banner, "data-indicator")).isIn("none", "minor", "major", "critical")
                .isEqualTo(status.path("indicator").asString());
        assertThat(text(banner)).contains(status.path("description").asString());

        Element groupRow = html.one("data-group", group);
        assertThat(attr(groupRow, "data-status")).isEqualTo("partial_outage");
        assertThat(text(groupRow)).contains(group, "Partial outage");
        Element apiRow = html.one("data-component-id", api);
        assertThat(attr(apiRow, "data-status")).isEqualTo("partial_outage");
        assertThat(text(apiRow)).contains("Name of " + api, "Partial outage");
        assertThat(attr(html.one("data-component-id", web), "data-status")).isEqualTo("operational");
        assertThat(text(html.one("data-component-id", web))).contains("Operational");
        assertThat(inside(groupRow, has("data-component-id"))).extracting(e -> attr(e, "data-component-id"))
                .containsExactly(api, web);
        assertThat(attr(html.one("data-component-id", lonely), "data-status")).isEqualTo("operational");
        assertThat(html.one("data-uptime-component", api)).isNotNull();
        assertThat(html.one("data-uptime-group", group)).isNotNull();

        Element article = html.one("data-incident-id", incident);
        assertThat(text(article)).contains("API errors");
        List<Element> updates = inside(article, has("data-update-id"));
        assertThat(updates).extracting(e -> attr(e, "data-update-id")).containsExactly(identified, late, opening);
        Element lateTime = inside(updates.get(1), Html.isNamed("time")).get(0);
        assertThat(attr(lateTime, "datetime")).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(now.minus(Duration.ofMinutes(20)).atOffset(ZoneOffset.UTC)));
        assertThat(attr(lateTime, "title")).startsWith("Recorded ");
        assertThat(inside(updates.get(1), Html.isNamed("time"))).as("effective and recorded time").hasSize(2);
    }

    @Test
    void uptimeBarsColourEachDayByItsWeightedDowntime() {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String group = uniqueId("bars");
        String component = uniqueId("bars-api");
        // Registered ten days ago: the days before are grey, the quiet days since green.
        append("Component", component, new ComponentRegistered(component, "Bars API", group, null, 1),
                "commander@example.com", noon(today.minusDays(10)));
        String sibling = uniqueId("bars-web");
        append("Component", sibling, new ComponentRegistered(sibling, "Bars web", group, null, 2),
                "commander@example.com", noon(today.minusDays(10)));
        outage(component, MAJOR, today.minusDays(7), Duration.ofMinutes(10));   // 600 s: yellow
        outage(component, MAJOR, today.minusDays(6), Duration.ofMinutes(20));   // 1200 s: still yellow
        outage(component, MAJOR, today.minusDays(5), Duration.ofMinutes(30));   // 1800 s: orange
        outage(component, MAJOR, today.minusDays(4), Duration.ofMinutes(40));   // 2400 s: red
        outage(component, PARTIAL, today.minusDays(3), Duration.ofMinutes(60)); // 0.3 x 3600 = 1080 s: yellow
        outage(component, PARTIAL, today.minusDays(2), Duration.ofMinutes(120)); // 2160 s: orange
        outage(component, DEGRADED, today.minusDays(1), Duration.ofHours(5));  // slow is up: green
        awaitProjections();

        Html html = page("/");

        Element bar = html.one("data-uptime-component", component);
        List<Element> days = inside(bar, has("data-uptime-day"));
        assertThat(days).hasSize(90);
        assertThat(attr(days.get(89), "data-uptime-day")).isEqualTo(today.toString());
        assertThat(attr(days.get(0), "data-uptime-day")).isEqualTo(today.minusDays(89).toString());
        assertThat(color(bar, today.minusDays(11))).isEqualTo("grey");
        assertThat(color(bar, today.minusDays(10))).isEqualTo("green");
        assertThat(color(bar, today.minusDays(8))).isEqualTo("green");
        assertThat(color(bar, today.minusDays(7))).isEqualTo("yellow");
        assertThat(color(bar, today.minusDays(6))).isEqualTo("yellow");
        assertThat(color(bar, today.minusDays(5))).isEqualTo("orange");
        assertThat(color(bar, today.minusDays(4))).isEqualTo("red");
        assertThat(color(bar, today.minusDays(3))).isEqualTo("yellow");
        assertThat(color(bar, today.minusDays(2))).isEqualTo("orange");
        assertThat(color(bar, today.minusDays(1))).isEqualTo("green");
        assertThat(color(bar, today)).isEqualTo("green");

        Element redDay = day(bar, today.minusDays(4));
        assertThat(text(redDay)).contains("97.22% uptime", "major outage 40m");
        // The day is a link to its incidents (a focusable element, not a hover-only tooltip); its words are its name.
        Element redLink = inside(redDay, Html.isNamed("a")).get(0);
        assertThat(attr(redLink, "href")).isEqualTo("/days/" + today.minusDays(4) + "?component=" + component);
        assertThat(text(redLink)).isEqualTo(text(redDay));
        assertThat(text(day(bar, today.minusDays(1)))).contains("100% uptime", "degraded performance 5h");
        assertThat(text(day(bar, today.minusDays(11)))).endsWith("no data");
        assertThat(inside(day(bar, today.minusDays(11)), Html.isNamed("a"))).as("a day without data links nowhere")
                .isEmpty();

        // A group's day is the mean of its members: 40 minutes down on one of two is 20 minutes, yellow.
        Element groupBar = html.one("data-uptime-group", group);
        assertThat(color(groupBar, today.minusDays(4))).isEqualTo("yellow");
        assertThat(color(groupBar, today.minusDays(5))).isEqualTo("yellow");
        assertThat(color(groupBar, today.minusDays(11))).isEqualTo("grey");
        assertThat(attr(inside(day(groupBar, today.minusDays(4)), Html.isNamed("a")).get(0), "href"))
                .isEqualTo("/days/" + today.minusDays(4) + "?group=" + group);
        assertThat(inside(groupBar, Html.isNamed("ol")).get(0).getAttributeValue("aria-label"))
                .startsWith(group + ": ").endsWith("over the last 90 days");
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private void outage(String component, io.incidentledger.events.ComponentStatus status, LocalDate day,
                        Duration length) {
        Instant from = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        String incident = openIncident(from, declare(component, status));
        resolveIncident(incident, from.plus(length));
    }

    private static Element day(Element bar, LocalDate date) {
        List<Element> found = inside(bar, e -> date.toString().equals(attr(e, "data-uptime-day")));
        assertThat(found).as("day %s", date).hasSize(1);
        return found.get(0);
    }

    private static String color(Element bar, LocalDate date) {
        return attr(day(bar, date), "data-color");
    }
}
