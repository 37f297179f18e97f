package io.incidentledger.query.page;

import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import io.incidentledger.query.QueryApiTest;
import org.attoparser.dom.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static io.incidentledger.query.page.Html.attr;
import static io.incidentledger.query.page.Html.has;
import static io.incidentledger.query.page.Html.inside;
import static io.incidentledger.query.page.Html.text;
import static org.assertj.core.api.Assertions.assertThat;

class IncidentPageTest extends QueryApiTest {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String JS_LINK = "[x](javascript:alert(1))";
    static final String SVG = "\"><svg onload=alert(1)>";

    @Test
    void anIncidentPageWritesOutEachComponentsPhasesAndRendersThePostmortem() {
        String bamboo = uniqueId("bamboo");
        append("Component", bamboo, new ComponentRegistered(bamboo, "Bamboo stack", null, null, 1));
        Instant start = now.minus(Duration.ofDays(2));
        String incident = openIncident(start, declare(bamboo, MAJOR));
        postUpdate(incident, IncidentStatus.IDENTIFIED, start.plus(Duration.ofMinutes(230)), declare(bamboo, PARTIAL));
        postUpdate(incident, IncidentStatus.MONITORING, start.plus(Duration.ofMinutes(281)), declare(bamboo, DEGRADED));
        resolveIncident(incident, start.plus(Duration.ofMinutes(851)));
        append("Incident", incident, new IncidentPostmortemPublished(incident,
                "# What happened\n\nAn **AWS** outage in US East.", now));
        awaitProjections();

        Response response = get("/incidents/" + incident, "text/html");
        assertThat(response.status()).isEqualTo(200);
        Html html = Html.parse(response.body());

        assertThat(html.where(has("data-testid")).stream().filter(e -> "duration".equals(attr(e, "data-testid"))))
                .extracting(Html::text)
                .containsExactly("Bamboo stack: major outage 3h 50m, then partial outage 51m, "
                        + "then degraded performance 9h 30m");
        Element article = html.one("data-incident-id", incident);
        assertThat(inside(article, has("data-update-id"))).hasSize(4);
        Element postmortem = html.one("data-testid", "postmortem");
        assertThat(inside(postmortem, Html.isNamed("h3"))).extracting(Html::text).containsExactly("What happened");
        assertThat(inside(postmortem, Html.isNamed("strong"))).extracting(Html::text).containsExactly("AWS");
    }

    @Test
    void aCorrectionIsListedOnTheIncidentPageAndEveryDurationAndBarIncludesIt() {
        String bamboo = uniqueId("bamboo");
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(2);
        Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
        append("Component", bamboo, new ComponentRegistered(bamboo, "Bamboo stack", null, null, 1),
                "commander@example.com", dayStart.minus(Duration.ofDays(1)));
        Instant start = dayStart.plus(Duration.ofMinutes(184));
        String incident = openIncident(start, declare(bamboo, MAJOR));
        postUpdate(incident, IncidentStatus.IDENTIFIED, start.plus(Duration.ofMinutes(230)), declare(bamboo, PARTIAL));
        postUpdate(incident, IncidentStatus.MONITORING, start.plus(Duration.ofMinutes(281)), declare(bamboo, DEGRADED));
        resolveIncident(incident, start.plus(Duration.ofMinutes(851)));
        String correction = uniqueId("cor");
        append("Incident", incident, new IncidentImpactCorrected(incident, correction, bamboo, MAJOR,
                start.plus(Duration.ofMinutes(230)), start.plus(Duration.ofMinutes(281)),
                "Every request failed " + SCRIPT), "auditor@example.com", Instant.now());
        awaitProjections();

        Html html = Html.parse(get("/incidents/" + incident, "text/html").body());

        assertThat(html.where(e -> "duration".equals(attr(e, "data-testid")))).extracting(Html::text)
                .containsExactly("Bamboo stack: major outage 4h 41m, then degraded performance 9h 30m");
        Element section = html.one("data-testid", "corrections");
        assertThat(inside(section, Html.isNamed("h2"))).extracting(Html::text).containsExactly("Corrections");
        Element item = html.one("data-correction-id", correction);
        assertThat(text(item)).contains("Bamboo stack", "Major outage", "Every request failed " + SCRIPT);
        assertThat(inside(item, Html.isNamed("time"))).extracting(e -> attr(e, "datetime")).hasSize(3)
                .first().asString().startsWith(start.plus(Duration.ofMinutes(230)).toString().replace("Z", ""));
        assertThat(inside(item, Html.isNamed("script"))).isEmpty();
        // The updates stay as they were published, the partial outage included.
        assertThat(inside(html.one("data-incident-id", incident), has("data-update-id"))).hasSize(4);

        Html front = Html.parse(get("/", "text/html").body());
        Element bar = front.one("data-uptime-component", bamboo);
        List<Element> days = inside(bar, e -> day.toString().equals(attr(e, "data-uptime-day")));
        assertThat(days).hasSize(1);
        assertThat(text(days.get(0))).contains("major outage 4h 41m", "degraded performance 9h 30m")
                .doesNotContain("partial");
    }

    @Test
    void scriptAndEventHandlerPayloadsAreShownAsTextAndNeverBecomeMarkup() {
        String component = uniqueId("xss");
        String componentName = "Comp " + SVG;
        append("Component", component, new ComponentRegistered(component, componentName, null, IMG, 1));
        String incident = uniqueId("inc");
        String title = SVG + SCRIPT;
        append("Incident", incident, new IncidentOpened(incident, title, Impact.MAJOR, IncidentStatus.INVESTIGATING,
                uniqueId("upd"), IMG + " " + JS_LINK, now.minus(Duration.ofMinutes(5)),
                List.of(declare(component, MAJOR))));
        append("Incident", incident, new IncidentUpdatePosted(incident, uniqueId("upd"), IncidentStatus.IDENTIFIED,
                SCRIPT + SVG, now, List.of()));
        append("Incident", incident, new IncidentPostmortemPublished(incident,
                SCRIPT + "\n\n" + IMG + "\n\n" + JS_LINK + "\n\n" + SVG + "\n\n<a href=\"javascript:alert(2)\">x</a>",
                now));
        awaitProjections();

        for (String path : List.of("/", "/incidents/" + incident)) {
            Html html = Html.parse(get(path, "text/html").body());
            assertNothingRuns(html, path);
            Element article = html.one("data-incident-id", incident);
            assertThat(text(article)).as(path).contains(title, IMG + " " + JS_LINK, SCRIPT + SVG);
        }
        Html front = Html.parse(get("/", "text/html").body());
        assertThat(text(front.one("data-component-id", component))).contains(componentName, IMG);

        Html incidentPage = Html.parse(get("/incidents/" + incident, "text/html").body());
        assertThat(text(incidentPage.named("h1").get(0))).isEqualTo(title);
        assertThat(text(incidentPage.named("title").get(0))).startsWith(title);
        // The post-mortem keeps the author's words visible, as text.
        assertThat(text(incidentPage.one("data-testid", "postmortem"))).contains(SCRIPT, IMG);
    }

    private static void assertNothingRuns(Html html, String path) {
        assertThat(html.named("script")).as("scripts on %s", path)
                .allSatisfy(s -> assertThat(attr(s, "src")).isIn("/js/live.js", "/js/local-time.js"));
        assertThat(html.named("script")).allSatisfy(s -> assertThat(text(s)).isEmpty());
        assertThat(html.all()).as("elements on %s", path).extracting(e -> e.getElementName().toLowerCase(Locale.ROOT))
                .doesNotContain("svg", "img", "iframe", "object", "embed");
        assertThat(html.all()).as("event handlers on %s", path).allSatisfy(e -> assertThat(e.getAttributeMap().keySet())
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("on")));
        assertThat(html.withAttribute("href")).as("links on %s", path).allSatisfy(a ->
                assertThat(attr(a, "href").strip().toLowerCase(Locale.ROOT)).doesNotStartWith("javascript:"));
        assertThat(html.withAttribute("style")).as("inline styles on %s", path).isEmpty();
    }

    @Test
    void everyHtmlResponseCarriesTheStrictContentSecurityPolicy() {
        String incident = openIncident(now);
        awaitProjections();

        for (String path : List.of("/", "/incidents/" + incident, "/incidents/no-such-incident")) {
            Response response = get(path, "text/html");
            assertThat(response.mediaType()).as(path).isEqualTo("text/html");
            assertThat(response.header("Content-Security-Policy")).as(path).contains(CSP);
            assertThat(response.header("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isPresent();
        }
    }

    @Test
    void anUnknownIncidentIsAnHtmlNotFoundPage() {
        Response response = get("/incidents/" + uniqueId("missing"), "text/html,application/xhtml+xml");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.mediaType()).isEqualTo("text/html");
        Html html = Html.parse(response.body());
        assertThat(html.named("html").get(0).getAttributeValue("lang")).isEqualTo("en");
        assertThat(text(html.named("h1").get(0))).isEqualTo("Incident not found");
    }

    @Test
    void theJsonApiStillAnswersUnknownIncidentsWithProblemDetails() {
        getProblem("/api/incidents/" + uniqueId("missing"), 404);
    }
}
