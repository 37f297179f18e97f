package io.incidentledger.query.incident;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/incidents: state, component and window filters, paging, newest first. Every query is narrowed to a
 * component of this test's own, so incidents of other tests never show up.
 */
class IncidentListApiTest extends QueryApiTest {

    private String stack;
    private Instant day;
    private String oldest;
    private String ongoing;
    private String newest;
    private String otherStack;

    /** Three incidents on {@code stack} (resolved, open, resolved) a day apart, and one elsewhere. */
    @BeforeEach
    void threeIncidentsOnOneStack() {
        stack = registerComponent("stack");
        String other = registerComponent("other");
        day = now.minus(Duration.ofDays(10));
        oldest = openIncident(day.plus(Duration.ofDays(1)), declare(stack, MAJOR));
        resolveIncident(oldest, day.plus(Duration.ofDays(2)));
        ongoing = openIncident(day.plus(Duration.ofDays(3)), declare(stack, DEGRADED));
        newest = openIncident(day.plus(Duration.ofDays(4)), declare(other, PARTIAL));
        postUpdate(newest, IncidentStatus.IDENTIFIED, day.plus(Duration.ofDays(4)),
                declare(stack, PARTIAL));
        resolveIncident(newest, day.plus(Duration.ofDays(5)));
        otherStack = openIncident(day.plus(Duration.ofDays(6)), declare(other, MAJOR));
        awaitProjections();
    }

    private JsonNode list(String query) {
        return getJson("/api/incidents?component=" + stack + query);
    }

    @Test
    void listsAComponentsIncidentsNewestFirstWithTheirSummaries() {
        JsonNode page = list("");

        assertThat(texts(page.path("items"), "id")).containsExactly(newest, ongoing, oldest);
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(20);

        JsonNode resolved = page.path("items").get(2);
        assertThat(resolved.path("title").asString()).isEqualTo("Incident " + oldest);
        assertThat(resolved.path("impact").asString()).isEqualTo("major");
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.path("startedAt").asString()).isEqualTo(day.plus(Duration.ofDays(1)).toString());
        assertThat(resolved.path("resolvedAt").asString()).isEqualTo(day.plus(Duration.ofDays(2)).toString());
        assertThat(resolved.path("durationSeconds").asLong()).isEqualTo(86_400);
        assertThat(resolved.path("components").valueStream().map(JsonNode::asString).toList()).containsExactly(stack);

        JsonNode open = page.path("items").get(1);
        assertThat(open.path("status").asString()).isEqualTo("investigating");
        assertThat(open.path("resolvedAt").isNull()).isTrue();
        // An open incident's duration runs to now: it began seven days ago.
        assertThat(open.path("durationSeconds").asLong()).isEqualTo(7 * 86_400);

        assertThat(page.path("items").get(0).path("components").valueStream().map(JsonNode::asString).toList())
                .containsExactly(otherIdOf(newest), stack);
    }

    private String otherIdOf(String incident) {
        return getJson("/api/incidents/" + incident).path("components").get(0).path("componentId").asString();
    }

    @Test
    void filtersByState() {
        assertThat(texts(list("&state=open").path("items"), "id")).containsExactly(ongoing);
        assertThat(list("&state=open").path("total").asLong()).isEqualTo(1);
        assertThat(texts(list("&state=resolved").path("items"), "id")).containsExactly(newest, oldest);
        assertThat(texts(list("&state=all").path("items"), "id")).containsExactly(newest, ongoing, oldest);
    }

    @Test
    void withoutAComponentFilterListsEveryComponentsIncidents() {
        JsonNode all = getJson("/api/incidents?size=100&from=" + day + "&to=" + day.plus(Duration.ofDays(7)));

        assertThat(texts(all.path("items"), "id")).contains(otherStack, newest, ongoing, oldest);
        assertThat(texts(list("").path("items"), "id")).doesNotContain(otherStack);
    }

    @Test
    void fromAndToSelectTheIncidentsOverlappingTheWindow() {
        // [day+2.5, day+3.5): the oldest ended before it, the newest began after it, the ongoing one overlaps it.
        assertThat(texts(list("&from=" + day.plus(Duration.ofHours(60)) + "&to=" + day.plus(Duration.ofHours(84)))
                .path("items"), "id")).containsExactly(ongoing);
        // Half-open: an incident resolved exactly at `from` is over; one started exactly at `to` has not begun.
        assertThat(texts(list("&from=" + day.plus(Duration.ofDays(2)) + "&to=" + day.plus(Duration.ofDays(3)))
                .path("items"), "id")).isEmpty();
        assertThat(texts(list("&from=" + day.plus(Duration.ofDays(2)).minusSeconds(1)
                + "&to=" + day.plus(Duration.ofDays(3)).plusSeconds(1)).path("items"), "id"))
                .containsExactly(ongoing, oldest);
        // Only a lower bound: everything still going on or ended after it.
        assertThat(texts(list("&from=" + day.plus(Duration.ofDays(5)).minusSeconds(1)).path("items"), "id"))
                .containsExactly(newest, ongoing);
        // Only an upper bound: everything that began before it.
        assertThat(texts(list("&to=" + day.plus(Duration.ofDays(3)).plusSeconds(1)).path("items"), "id"))
                .containsExactly(ongoing, oldest);
        // Filters combine.
        assertThat(texts(list("&state=resolved&from=" + day.plus(Duration.ofDays(3))).path("items"), "id"))
                .containsExactly(newest);
    }

    @Test
    void pagesThroughTheListNewestFirst() {
        JsonNode first = list("&size=2");
        assertThat(texts(first.path("items"), "id")).containsExactly(newest, ongoing);
        assertThat(first.path("total").asLong()).isEqualTo(3);
        assertThat(first.path("size").asInt()).isEqualTo(2);

        JsonNode second = list("&size=2&page=1");
        assertThat(texts(second.path("items"), "id")).containsExactly(oldest);
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("total").asLong()).isEqualTo(3);

        assertThat(texts(list("&size=2&page=2").path("items"), "id")).isEmpty();
    }

    @Test
    void aComponentWithoutIncidentsHasNone() {
        String quiet = registerComponent("quiet");
        awaitProjections();

        JsonNode page = getJson("/api/incidents?component=" + quiet);

        assertThat(page.path("items").isEmpty()).isTrue();
        assertThat(page.path("total").asLong()).isZero();
    }

    @Test
    void aRetiredComponentKeepsItsIncidents() {
        retireComponent(stack);
        awaitProjections();

        assertThat(texts(list("").path("items"), "id")).containsExactly(newest, ongoing, oldest);
    }

    @Test
    void aComponentNeverRegisteredIsABadQuery() {
        getBadQuery("/api/incidents?component=" + uniqueId("nowhere"), "component");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            state=closed                                          | state
            from=yesterday                                        | from
            to=2012-06-30                                         | to
            from=2012-06-30T00:00:00Z&to=2012-06-29T00:00:00Z     | from
            from=2012-06-30T00:00:00Z&to=2012-06-30T00:00:00Z     | from
            page=-1                                               | page
            size=0                                                | size
            size=101                                              | size
            from=-1000000000-01-01T00:00:00Z                      | from
            from=0000-12-31T23:59:59Z                             | from
            to=+10000-01-01T00:00:00Z                             | to
            """)
    void aBadQueryIsA400Problem(String query, String parameter) {
        getBadQuery("/api/incidents?" + query, parameter);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            page=first        | page
            size=ten          | size
            page=99999999999  | page
            size=2.5          | size
            """)
    void aParameterOfTheWrongTypeIsA400Problem(String query, String parameter) {
        getBadQuery("/api/incidents?" + query, parameter);
    }
}
