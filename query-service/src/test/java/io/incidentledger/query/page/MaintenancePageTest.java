package io.incidentledger.query.page;

import static io.incidentledger.query.page.Html.attr;
import static io.incidentledger.query.page.Html.has;
import static io.incidentledger.query.page.Html.inside;
import static io.incidentledger.query.page.Html.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.attoparser.dom.Element;
import org.junit.jupiter.api.Test;

import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.query.QueryApiTest;

/**
 * Scheduled maintenance on the human page: a running one as a banner at the top, upcoming ones in their own section
 * with their window in the page's zone, a page of its own, its days apart (blue, with a legend) in the uptime bars,
 * and its every change in the Atom feed; the cached front page follows each change at once.
 */
class MaintenancePageTest extends QueryApiTest {

    static final String HTML = "text/html";

    private Html page(String path) {
        Response response = get(path, HTML);
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return Html.parse(response.body());
    }

    private static Element section(Html html, String testId) {
        return html.one("data-testid", testId);
    }

    private static List<String> maintenanceIds(Element root) {
        return inside(root, has("data-maintenance-id")).stream().map(e -> attr(e, "data-maintenance-id")).toList();
    }

    @Test
    void upcomingThenRunningThenGoneAsEachEventArrivesWithTheCachedFrontPageFollowing() {
        String db = registerComponent("db");
        Instant from = Instant.parse("2031-03-04T02:00:00Z");
        String id = scheduleMaintenance(now, from, from.plus(Duration.ofHours(2)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();

        Html upcoming = page("/");
        Element section = section(upcoming, "upcoming-maintenance");
        assertThat(maintenanceIds(section)).contains(id);
        Element item = inside(section, e -> id.equals(attr(e, "data-maintenance-id"))).get(0);
        assertThat(text(item)).contains("Maintenance " + id, "4 Mar 2031, 02:00 UTC", "4 Mar 2031, 04:00 UTC",
                "Affects Name of " + db, "We will upgrade the database.");
        assertThat(inside(item, e -> "2031-03-04T02:00:00Z".equals(attr(e, "datetime")))).hasSize(1);
        assertThat(upcoming.first("data-testid", "maintenance-banner").map(b -> maintenanceIds(b).contains(id)))
                .as("not running yet").isNotEqualTo(java.util.Optional.of(true));

        // Its start arrives by an event (the deadline, say): the next request already shows it running.
        startMaintenance(id, now, true);
        awaitProjections();
        Html running = page("/");
        Element banner = section(running, "maintenance-banner");
        assertThat(maintenanceIds(banner)).contains(id);
        assertThat(text(banner)).contains("Maintenance in progress", "Scheduled maintenance is currently in progress.");
        assertThat(running.first("data-testid", "upcoming-maintenance").map(s -> maintenanceIds(s).contains(id)))
                .isNotEqualTo(java.util.Optional.of(true));
        Element component = running.one("data-component-id", db);
        assertThat(attr(component, "data-status")).isEqualTo("under_maintenance");
        assertThat(text(component)).contains("Under maintenance");

        completeMaintenance(id, now.plusSeconds(1), false);
        awaitProjections();
        clock.set(now.plusSeconds(2));
        Html done = page("/");
        assertThat(done.first("data-testid", "maintenance-banner").map(b -> maintenanceIds(b).contains(id)))
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(attr(done.one("data-component-id", db), "data-status")).isEqualTo("operational");
    }

    @Test
    void aMaintenanceHasAPageOfItsOwnWithItsComponentsAndUpdatesNewestFirst() {
        String db = registerComponent("db");
        Instant from = now.minus(Duration.ofHours(1));
        String id = scheduleMaintenance(now.minus(Duration.ofDays(1)), from, now.plus(Duration.ofHours(1)),
                declare(db, UNDER_MAINTENANCE));
        String started = startMaintenance(id, from, false);
        String verifying = postMaintenanceUpdate(id, MaintenanceStatus.VERIFYING, now.minusSeconds(60));
        awaitProjections();

        Html html = page("/maintenances/" + id);
        Element article = html.one("data-maintenance-id", id);
        assertThat(attr(article, "data-status")).isEqualTo("verifying");
        assertThat(text(html.one("data-testid", "maintenance-status"))).isEqualTo("Status: Verifying");
        assertThat(attr(html.one("data-affected-component-id", db), "data-status")).isEqualTo("under_maintenance");
        List<String> updates = html.withAttribute("data-update-id").stream().map(e -> attr(e, "data-update-id"))
                .toList();
        assertThat(updates).hasSize(3).startsWith(verifying);
        assertThat(updates.get(1)).isEqualTo(started);
        assertThat(text(html.one("data-update-id", started))).contains("Work has begun.",
                "Name of " + db + ": Operational → Under maintenance");

        Response missing = get("/maintenances/" + uniqueId("mnt"), HTML);
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void aDayOfMaintenanceIsBlueInTheUptimeBarsAndTheLegendSaysSo() {
        String db = registerComponent("db");
        // 10:00 UTC three days ago: the hour lies within one day of the bars whatever time the suite runs (from
        // "now minus three days" it crossed midnight when the suite ran after 23:00 UTC, and the day showed less).
        Instant from = now.minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .plus(Duration.ofHours(10));
        String id = scheduleMaintenance(from.minus(Duration.ofDays(1)), from, from.plus(Duration.ofHours(1)),
                declare(db, UNDER_MAINTENANCE));
        startMaintenance(id, from, true);
        completeMaintenance(id, from.plus(Duration.ofHours(1)), true);
        awaitProjections();

        Html html = page("/");
        Element bar = html.one("data-uptime-component", db);
        Element day = inside(bar, e -> from.toString().substring(0, 10).equals(attr(e, "data-uptime-day"))).get(0);
        assertThat(attr(day, "data-color")).isEqualTo("blue");
        assertThat(text(day)).contains("100% uptime", "under maintenance 1h");
        Element legend = html.one("data-testid", "uptime-legend");
        assertThat(inside(legend, has("data-legend")).stream().map(e -> attr(e, "data-legend")))
                .containsExactly("green", "yellow", "orange", "red", "blue", "grey");
        assertThat(text(legend)).contains("Scheduled maintenance, no downtime");
    }

    @Test
    void theFeedCarriesEveryTransitionOfAMaintenance() {
        String db = registerComponent("db");
        Instant from = Instant.parse("2032-05-01T01:00:00Z");
        String id = scheduleMaintenance(now, from, from.plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();
        String scheduled = feedEntry(id);
        assertThat(scheduled).contains("Scheduled maintenance: Maintenance " + id, "Status: scheduled",
                "1 May 2032, 01:00 UTC – 1 May 2032, 02:00 UTC", "We will upgrade the database.");

        rescheduleMaintenance(id, "Moved " + id, now.plusSeconds(1), from.plus(Duration.ofDays(1)),
                from.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        awaitProjections();
        assertThat(feedEntry(id)).contains("Moved " + id, "Rescheduled", "Now scheduled 2 May 2032, 01:00 UTC");

        cancelMaintenance(id, now.plusSeconds(2));
        awaitProjections();
        assertThat(feedEntry(id)).contains("Status: cancelled", "The scheduled maintenance has been cancelled.");

        String ran = scheduleMaintenance(now, now.minusSeconds(600), now.plusSeconds(600), declare(db, UNDER_MAINTENANCE));
        startMaintenance(ran, now.minusSeconds(600), true);
        postMaintenanceUpdate(ran, MaintenanceStatus.VERIFYING, now.minusSeconds(60));
        completeMaintenance(ran, now, true);
        awaitProjections();
        assertThat(feedEntry(ran)).contains("Completed", "Verifying", "In progress",
                "Name of " + db + ": Operational → Under maintenance", "The scheduled maintenance has been completed.");
    }

    /**
     * The feed keeps the 50 maintenances that changed last, not the 50 planned latest: fifty windows planned further
     * ahead (a few recurring series make that many) must not push out the one cancelled just now.
     */
    @Test
    void aMaintenanceThatChangedLastIsInTheFeedWhateverItsWindow() {
        String db = registerComponent("db");
        Instant soon = Instant.parse("2039-01-01T01:00:00Z");
        String cancelled = scheduleMaintenance(now, soon, soon.plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        for (int week = 1; week <= 50; week++) {
            Instant later = soon.plus(Duration.ofDays(7L * week));
            scheduleMaintenance(now, later, later.plus(Duration.ofHours(1)), declare(db, UNDER_MAINTENANCE));
        }
        cancelMaintenance(cancelled, now);
        awaitProjections();

        assertThat(feedEntry(cancelled)).contains("Status: cancelled");
    }

    /** The text of the feed's entry for this maintenance. */
    private String feedEntry(String id) {
        Response feed = get("/history.atom", "application/atom+xml");
        assertThat(feed.status()).isEqualTo(200);
        String body = feed.body();
        int at = body.indexOf("/maintenances/" + id + "</id>");
        assertThat(at).as("an entry for %s", id).isPositive();
        int end = body.indexOf("</entry>", at);
        return body.substring(body.lastIndexOf("<entry>", at), end).replace("&amp;", "&");
    }
}
