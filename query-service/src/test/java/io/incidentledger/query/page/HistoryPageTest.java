package io.incidentledger.query.page;

import static io.incidentledger.query.page.Html.attr;
import static io.incidentledger.query.page.Html.has;
import static io.incidentledger.query.page.Html.inside;
import static io.incidentledger.query.page.Html.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.attoparser.dom.Element;
import org.junit.jupiter.api.Test;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.query.QueryApiTest;

/** {@code /history} (every incident by month, paged) and {@code /days/{date}} (what an uptime bar's day links to). */
class HistoryPageTest extends QueryApiTest {

    static final String HTML = "text/html";

    Html page(String path) {
        Response response = get(path, HTML);
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        assertThat(response.mediaType()).isEqualTo(HTML);
        assertThat(response.header("Content-Security-Policy")).as(path).isPresent();
        return Html.parse(response.body());
    }

    @Test
    void everyIncidentOfAnyAgeIsReachableFromTheHistoryMonthByMonthNewestFirst() {
        String api = registerComponent("hist-api");
        // Years ago, resolved; last year, resolved; and one open now.
        Instant ancient = Instant.parse("2011-03-14T10:00:00Z");
        String old = openIncident(ancient, declare(api, MAJOR));
        resolveIncident(old, ancient.plus(Duration.ofMinutes(45)));
        Instant lastYear = now.minus(Duration.ofDays(400));
        String middle = openIncident(lastYear, declare(api, PARTIAL));
        resolveIncident(middle, lastYear.plus(Duration.ofHours(2)));
        String open = openIncident(now.minus(Duration.ofMinutes(5)), declare(api, DEGRADED));
        awaitProjections();

        Map<String, Element> found = new LinkedHashMap<>();
        Map<String, String> monthOf = new LinkedHashMap<>();
        List<String> months = new ArrayList<>();
        String path = "/history";
        int pages = 0;
        while (path != null) {
            Html html = page(path);
            pages++;
            Element main = html.one("data-testid", "history");
            assertThat(attr(main, "data-history-page")).isEqualTo(String.valueOf(pages));
            List<Element> sections = html.withAttribute("data-month");
            assertThat(sections).as("months on %s", path).hasSizeBetween(1, HistoryPages.MONTHS_PER_PAGE);
            for (Element section : sections) {
                months.add(attr(section, "data-month"));
                for (Element item : inside(section, has("data-history-incident-id"))) {
                    found.put(attr(item, "data-history-incident-id"), item);
                    monthOf.put(attr(item, "data-history-incident-id"), attr(section, "data-month"));
                }
            }
            if (pages == 1) {
                assertThat(html.first("data-testid", "history-newer")).as("no newer page before the first").isEmpty();
                assertThat(months.get(0)).as("the current month comes first")
                        .isEqualTo(YearMonth.from(now.atZone(ZoneOffset.UTC)).toString());
            } else {
                assertThat(attr(html.one("data-testid", "history-newer"), "href"))
                        .isEqualTo(pages == 2 ? "/history" : "/history?page=" + (pages - 1));
            }
            path = html.first("data-testid", "history-older").map(a -> attr(a, "href")).orElse(null);
            if (path != null) {
                assertThat(path).isEqualTo("/history?page=" + (pages + 1));
            }
            assertThat(pages).as("pages walked").isLessThan(1000);
        }
        assertThat(months).as("months, newest first, each once").doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(found).containsKeys(old, middle, open);
        assertThat(monthOf.get(old)).isEqualTo("2011-03");
        assertThat(monthOf.get(middle)).isEqualTo(YearMonth.from(lastYear.atZone(ZoneOffset.UTC)).toString());
        assertThat(attr(found.get(open), "data-status")).isEqualTo("investigating");
        assertThat(text(found.get(open))).contains("Incident " + open, "ongoing for");
        Element oldItem = found.get(old);
        assertThat(text(oldItem)).contains("Resolved", "14 Mar 2011, 10:00 UTC", "lasted 45m");
        assertThat(attr(inside(oldItem, Html.isNamed("a")).get(0), "href")).isEqualTo("/incidents/" + old);
        assertThat(inside(oldItem, Html.isNamed("time"))).extracting(t -> attr(t, "datetime"))
                .containsExactly("2011-03-14T10:00:00Z", "2011-03-14T10:45:00Z");
    }

    @Test
    void theFrontPageLinksToTheHistoryAndPagesThatAreNotThereAreNotFound() {
        Html front = page("/");
        assertThat(attr(front.one("data-testid", "history-link"), "href")).isEqualTo("/history");
        Element note = front.one("data-testid", "time-zone-note");
        assertThat(attr(note, "data-page-zone")).isEqualTo("UTC");
        assertThat(text(note)).isEqualTo("Times are shown in UTC.");

        for (String bad : List.of("/history?page=0", "/history?page=-1", "/history?page=abc",
                "/history?page=100000", "/days/2026-13-40", "/days/yesterday",
                "/days/2026-01-01?component=" + uniqueId("missing"), "/days/2026-01-01?group=" + uniqueId("nogroup"))) {
            Response response = get(bad, HTML);
            assertThat(response.status()).as(bad).isEqualTo(404);
            assertThat(response.mediaType()).as(bad).isEqualTo(HTML);
            assertThat(text(Html.parse(response.body()).named("h1").get(0))).as(bad).isEqualTo("Page not found");
        }
    }

    @Test
    void aDayOfAnUptimeBarListsTheIncidentsThatTouchedThatComponentOrGroupThatDay() {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate day = today.minusDays(3);
        String group = uniqueId("day-group");
        String api = uniqueId("day-api");
        String web = uniqueId("day-web");
        append("Component", api, new ComponentRegistered(api, "Day API", group, null, 1),
                "commander@example.com", day.minusDays(10).atStartOfDay().toInstant(ZoneOffset.UTC));
        append("Component", web, new ComponentRegistered(web, "Day web", group, null, 2),
                "commander@example.com", day.minusDays(10).atStartOfDay().toInstant(ZoneOffset.UTC));
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        String onApi = openIncident(noon, declare(api, MAJOR));
        resolveIncident(onApi, noon.plus(Duration.ofMinutes(40)));
        String onWeb = openIncident(noon.plus(Duration.ofHours(2)), declare(web, PARTIAL));
        resolveIncident(onWeb, noon.plus(Duration.ofHours(3)));
        // Began the evening before and ran into the day: it touched the day too.
        Instant eveningBefore = day.minusDays(1).atTime(23, 0).toInstant(ZoneOffset.UTC);
        String overnight = openIncident(eveningBefore, declare(api, PARTIAL));
        resolveIncident(overnight, eveningBefore.plus(Duration.ofHours(2)));
        awaitProjections();

        // The front page's bar links there.
        Html front = page("/");
        Element bar = front.one("data-uptime-component", api);
        String href = inside(bar, e -> day.toString().equals(attr(e, "data-day-link"))).stream()
                .map(a -> attr(a, "href")).findFirst().orElseThrow();
        assertThat(href).isEqualTo("/days/" + day + "?component=" + api);

        Html apiDay = page(href);
        Element main = apiDay.one("data-testid", "day");
        assertThat(attr(main, "data-day")).isEqualTo(day.toString());
        assertThat(text(apiDay.named("h1").get(0))).contains("Day API", DisplayTimeText.day(day));
        assertThat(text(apiDay.one("data-testid", "day-uptime"))).contains("uptime", "major outage 40m");
        assertThat(apiDay.withAttribute("data-history-incident-id")).extracting(e -> attr(e, "data-history-incident-id"))
                .containsExactly(onApi, overnight);
        assertThat(attr(apiDay.one("data-testid", "day-previous"), "href"))
                .isEqualTo("/days/" + day.minusDays(1) + "?component=" + api);
        assertThat(attr(apiDay.one("data-testid", "day-next"), "href"))
                .isEqualTo("/days/" + day.plusDays(1) + "?component=" + api);

        Html groupDay = page("/days/" + day + "?group=" + group);
        assertThat(groupDay.withAttribute("data-history-incident-id")).extracting(e -> attr(e, "data-history-incident-id"))
                .containsExactly(onWeb, onApi, overnight);

        Html quiet = page("/days/" + day.minusDays(5) + "?component=" + web);
        assertThat(quiet.withAttribute("data-history-incident-id")).isEmpty();
        assertThat(text(quiet.one("data-testid", "day"))).contains("No incident touched Day web on this day.");

        Html todayPage = page("/days/" + today + "?component=" + api);
        assertThat(todayPage.first("data-testid", "day-next")).as("no day after today").isEmpty();
    }

    @Test
    void showcaseDecidesTheUptimeBarAndOnlyShowIfDegradedHidesAComponentWhileItIsOperational() {
        String group = uniqueId("flags");
        String plain = registerFlagged("plain", group, 1, true, false);
        String noBar = registerFlagged("nobar", group, 2, false, false);
        String quiet = registerFlagged("quiet", group, 3, true, true);
        String loud = registerFlagged("loud", null, 4, true, true);
        String hiddenGroup = uniqueId("hidden-group");
        String alone = registerFlagged("alone", hiddenGroup, 5, true, true);
        String calmGroup = uniqueId("calm-group");
        String calm = registerFlagged("calm", calmGroup, 6, false, false);
        openIncident(now.minus(Duration.ofMinutes(3)), declare(loud, MAJOR));
        awaitProjections();

        Html html = page("/");
        assertThat(html.first("data-component-id", plain)).isPresent();
        assertThat(html.first("data-uptime-component", plain)).as("a showcased component has a bar").isPresent();
        assertThat(html.first("data-component-id", noBar)).as("not showcased: still listed").isPresent();
        assertThat(html.first("data-uptime-component", noBar)).as("not showcased: no bar").isEmpty();
        assertThat(html.first("data-component-id", quiet)).as("only if degraded, and operational").isEmpty();
        assertThat(html.first("data-component-id", loud)).as("only if degraded, and in an outage").isPresent();
        assertThat(attr(html.one("data-component-id", loud), "data-status")).isEqualTo("major_outage");
        assertThat(html.first("data-component-id", alone)).isEmpty();
        assertThat(html.first("data-group", hiddenGroup)).as("a group none of whose members is shown").isEmpty();

        Element groupRow = html.one("data-group", group);
        assertThat(inside(groupRow, has("data-component-id"))).extracting(e -> attr(e, "data-component-id"))
                .containsExactly(plain, noBar);
        assertThat(text(groupRow)).contains("2 components");
        assertThat(html.first("data-uptime-group", group)).as("a group with a showcased member has a bar").isPresent();
        assertThat(html.first("data-uptime-group", calmGroup)).as("no member showcased: no bar").isEmpty();
        assertThat(html.first("data-component-id", calm)).isPresent();

        // Groups fold with <details>, no script needed: collapsed while operational, open while in trouble.
        Element details = inside(groupRow, Html.isNamed("details")).get(0);
        assertThat(details.hasAttribute("open")).isFalse();
        assertThat(inside(details, Html.isNamed("summary"))).hasSize(1);
        String sick = uniqueId("sick");
        String sickMember = registerFlagged("sick", sick, 7, true, false);
        openIncident(now.minus(Duration.ofMinutes(2)), declare(sickMember, PARTIAL));
        awaitProjections();
        Element sickRow = page("/").one("data-group", sick);
        assertThat(inside(sickRow, Html.isNamed("details")).get(0).hasAttribute("open")).isTrue();
    }

    private String registerFlagged(String prefix, String group, int position, boolean showcase,
                                   boolean onlyShowIfDegraded) {
        String id = uniqueId(prefix);
        append("Component", id, new ComponentRegistered(id, "Name of " + id, group, null, position, showcase,
                onlyShowIfDegraded));
        return id;
    }

    /** The page's words for a day, as DisplayTime writes them. */
    static final class DisplayTimeText {
        static String day(LocalDate date) {
            return new DisplayTime(ZoneOffset.UTC).dayText(date);
        }
    }
}
