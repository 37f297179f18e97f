package io.incidentledger.command.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.incidentledger.command.demo.HerokuJune2012.Step;

/** The recent history, generated against a fixed clock, keeps every rule the command side enforces. */
class RecentHistoryTest {

    private static final Instant NOW = Instant.parse("2026-03-14T00:20:37Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<RecentHistory.Script> HISTORY = RecentHistory.at(CLOCK);

    @Test
    void everyTimeLiesInTheLast90DaysAndRunsForwardsWithinItsIncident() {
        Instant earliest = NOW.minus(Duration.ofDays(90));
        for (RecentHistory.Script script : HISTORY) {
            List<Instant> times = effectiveTimes(script);
            assertThat(times).as("effective times of %s", script.id()).isNotEmpty().isSorted();
            assertThat(times).as("effective times of %s", script.id())
                    .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(earliest).isBeforeOrEqualTo(NOW));
            Instant start = times.get(0);
            Instant end = resolvedAt(script);
            for (Step correction : steps(script, "/corrections")) {
                Instant from = instant(correction, "from");
                Instant to = instant(correction, "to");
                assertThat(from).as("correction of %s", script.id()).isAfterOrEqualTo(start).isBefore(to);
                assertThat(to).as("correction of %s", script.id()).isBeforeOrEqualTo(end == null ? NOW : end);
            }
        }
    }

    @Test
    void nothingFollowsAResolutionButAPostmortemOrACorrection() {
        for (RecentHistory.Script script : HISTORY) {
            boolean resolved = false;
            for (Step step : script.rest()) {
                if (resolved) {
                    assertThat(step.path()).as("after %s resolved", script.id()).matches(".*/(postmortem|corrections)");
                }
                resolved |= step.path().endsWith("/resolve");
            }
        }
    }

    @Test
    void impactsVaryAndExactlyOneIncidentIsStillOpen() {
        Set<Object> impacts = HISTORY.stream().map(s -> s.opening().body().get("impact")).collect(Collectors.toSet());
        assertThat(impacts).contains("minor", "major", "critical");

        List<RecentHistory.Script> open = HISTORY.stream().filter(s -> resolvedAt(s) == null).toList();
        assertThat(open).as("open incidents").hasSize(1);
        RecentHistory.Script stillOpen = open.get(0);
        assertThat(stillOpen.steps()).extracting(Step::path).noneMatch(p -> p.endsWith("/resolve"));
        Step last = stillOpen.steps().get(stillOpen.steps().size() - 1);
        assertThat(last.body().get("status")).isIn("investigating", "identified", "monitoring");
        // Not yesterday's news: it began within the hour, so the page shows it as happening now.
        assertThat(effectiveTimes(stillOpen).get(0)).isAfter(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void thereIsACorrectionAndAPostmortemOnAResolvedIncident() {
        List<Step> all = HISTORY.stream().flatMap(s -> s.steps().stream()).toList();
        assertThat(all).filteredOn(s -> s.path().endsWith("/corrections")).isNotEmpty()
                .allSatisfy(s -> assertThat((String) s.body().get("reason")).isNotBlank());
        assertThat(HISTORY).filteredOn(s -> resolvedAt(s) != null && !steps(s, "/postmortem").isEmpty())
                .as("resolved incidents with a post-mortem").isNotEmpty();
    }

    @Test
    void idsAreFixedSoARestartMeetsA409InsteadOfAddingItAgain() {
        List<RecentHistory.Script> later = RecentHistory.at(Clock.offset(CLOCK, Duration.ofDays(3)));
        assertThat(later).extracting(RecentHistory.Script::id).isEqualTo(HISTORY.stream()
                .map(RecentHistory.Script::id).toList());
        assertThat(HISTORY).extracting(RecentHistory.Script::id).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith(RecentHistory.ID_PREFIX) && id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"));
        for (RecentHistory.Script script : HISTORY) {
            assertThat(script.opening().path()).isEqualTo("/api/incidents");
            assertThat(script.opening().body().get("id")).isEqualTo(script.id());
            assertThat(script.rest()).extracting(Step::path)
                    .allMatch(p -> p.startsWith("/api/incidents/" + script.id() + "/"));
        }
        assertThat(RecentHistory.at(CLOCK)).as("the same clock, the same history").isEqualTo(HISTORY);
    }

    @Test
    void itSpeaksOnlyOfTheDemosComponentsAndStaysClearOfTheSeed() {
        Set<Object> known = HerokuJune2012.components().stream().map(s -> s.body().get("id"))
                .collect(Collectors.toSet());
        for (RecentHistory.Script script : HISTORY) {
            for (Step step : script.steps()) {
                if (step.body().get("components") instanceof Map<?, ?> components) {
                    assertThat(known).as("components of %s", step.path()).containsAll(components.keySet().stream()
                            .map(Object.class::cast).toList());
                }
                if (step.body().get("componentId") != null) {
                    assertThat(known).contains(step.body().get("componentId"));
                }
            }
            assertThat(script.id()).isNotEqualTo(HerokuJune2012.INCIDENT_ID);
            // The seed's figures (its own downtime, the 23 hours from its start) cannot see anything here.
            assertThat(effectiveTimes(script).get(0)).isAfter(HerokuJune2012.STARTED_AT.plus(Duration.ofDays(1)));
        }
    }

    /** The opening's, updates' and resolution's {@code at}, in the order sent. */
    private static List<Instant> effectiveTimes(RecentHistory.Script script) {
        List<Instant> times = new ArrayList<>();
        for (Step step : script.steps()) {
            if (step.body().containsKey("at")) {
                times.add(instant(step, "at"));
            } else {
                assertThat(step.path()).as("a step without 'at'").matches(".*/(postmortem|corrections)");
            }
        }
        return times;
    }

    private static Instant resolvedAt(RecentHistory.Script script) {
        return steps(script, "/resolve").stream().map(s -> instant(s, "at")).findFirst().orElse(null);
    }

    private static List<Step> steps(RecentHistory.Script script, String suffix) {
        return script.steps().stream().filter(s -> s.path().endsWith(suffix)).toList();
    }

    private static Instant instant(Step step, String field) {
        return Instant.parse((String) step.body().get(field));
    }
}
