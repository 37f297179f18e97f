package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.events.ComponentStatus.UNDER_MAINTENANCE;
import static io.incidentledger.query.downtime.Fixtures.API;
import static io.incidentledger.query.downtime.Fixtures.WHOLE_DAY;
import static io.incidentledger.query.downtime.Fixtures.at;
import static io.incidentledger.query.downtime.Fixtures.hours;
import static io.incidentledger.query.downtime.Fixtures.interval;
import static io.incidentledger.query.downtime.Fixtures.minutes;
import static io.incidentledger.query.downtime.Fixtures.seconds;
import static io.incidentledger.query.downtime.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A scheduled maintenance in the worst-of rule (SPEC §3.2, §7): while it runs its declarations join the incidents'
 * exactly like another incident's would, an incident's outage during the window wins, and whichever of the two ends
 * first, the component shows what the other still declares. Its seconds are under maintenance and count as up under
 * every accounting profile.
 */
class MaintenanceTimelineTest {

    private static Interval maintenance(ComponentStatus status, String from, String to) {
        return Interval.planned("mnt-1", API, status, null, at(from), at(to));
    }

    private static EffectiveTimeline timelineOf(List<Interval> intervals) {
        return EffectiveTimeline.of(intervals);
    }

    /** Both orders of handing the claims over: the arithmetic never depends on which source spoke first. */
    private static List<List<Interval>> bothOrders(Interval... intervals) {
        List<Interval> forward = List.of(intervals);
        List<Interval> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        return List.of(forward, backward);
    }

    @Test
    void aMaintenanceAloneShowsUnderMaintenanceAndCostsNoUptime() {
        var timeline = timelineOf(List.of(maintenance(UNDER_MAINTENANCE, "02:00", "04:00")));

        assertThat(timeline.statusAt(at("01:59"))).isEqualTo(OPERATIONAL);
        assertThat(timeline.statusAt(at("02:00"))).isEqualTo(UNDER_MAINTENANCE);
        assertThat(timeline.statusAt(at("04:00"))).isEqualTo(OPERATIONAL);
        assertThat(timeline.since(at("03:00"))).contains(at("02:00"));
        assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(UNDER_MAINTENANCE, hours(2))));
        for (AccountingProfile profile : AccountingProfile.values()) {
            assertThat(timeline.uptime(WHOLE_DAY, profile)).as("%s", profile).isEqualTo(1.0);
        }
    }

    /** Begun 40 ms ago: not one whole second yet, but the day had maintenance (its bar is blue), the next had none. */
    @Test
    void aMaintenanceBegunAMomentAgoIsAlreadyMaintenanceThatDay() {
        Instant started = at("02:00");
        var timeline = timelineOf(List.of(
                Interval.planned("mnt-1", API, UNDER_MAINTENANCE, null, started, started.plusMillis(40))));

        assertThat(timeline.secondsIn(WHOLE_DAY).underMaintenance()).isZero();
        assertThat(timeline.hasMaintenanceIn(WHOLE_DAY)).isTrue();
        assertThat(timeline.hasMaintenanceIn(new Window(WHOLE_DAY.to(), WHOLE_DAY.to().plusSeconds(86400)))).isFalse();
        assertThat(timelineOf(List.of(interval("inc-1", MAJOR_OUTAGE, "02:00", "03:00"))).hasMaintenanceIn(WHOLE_DAY))
                .as("an incident's outage is not maintenance").isFalse();
    }

    /**
     * Incident partial 02:30-03:00 inside maintenance 02:00-04:00: the incident's half hour shows and counts as
     * partial, the maintenance resumes after it, and its 1h30 is maintenance.
     */
    @Test
    void anIncidentsOutageDuringTheWindowWinsAndTheMaintenanceResumesWhenItEnds() {
        for (List<Interval> order : bothOrders(maintenance(UNDER_MAINTENANCE, "02:00", "04:00"),
                interval("inc-1", PARTIAL_OUTAGE, "02:30", "03:00"))) {
            var timeline = timelineOf(order);

            assertThat(timeline.segments()).as("%s", order).containsExactly(
                    new Segment(at("02:00"), at("02:30"), UNDER_MAINTENANCE),
                    new Segment(at("02:30"), at("03:00"), PARTIAL_OUTAGE),
                    new Segment(at("03:00"), at("04:00"), UNDER_MAINTENANCE));
            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(
                    UNDER_MAINTENANCE, minutes(90), PARTIAL_OUTAGE, minutes(30))));
            assertThat(timeline.uptime(WHOLE_DAY, AccountingProfile.STATUSPAGE))
                    .isCloseTo(1.0 - 0.3 * minutes(30) / (double) hours(24), within(1e-12));
            assertThat(timeline.uptime(WHOLE_DAY, AccountingProfile.STRICT))
                    .isCloseTo(1.0 - minutes(30) / (double) hours(24), within(1e-12));
        }
    }

    /** The maintenance completes at 04:00 while the incident (01:00-05:00) is still open: its partial shows on. */
    @Test
    void whenTheMaintenanceCompletesTheComponentFallsBackToWhatAnOpenIncidentStillDeclares() {
        for (List<Interval> order : bothOrders(maintenance(UNDER_MAINTENANCE, "02:00", "04:00"),
                interval("inc-1", PARTIAL_OUTAGE, "01:00", "05:00"))) {
            var timeline = timelineOf(order);

            assertThat(timeline.statusAt(at("03:00"))).as("%s", order).isEqualTo(PARTIAL_OUTAGE);
            assertThat(timeline.statusAt(at("04:30"))).isEqualTo(PARTIAL_OUTAGE);
            assertThat(timeline.statusAt(at("05:00"))).isEqualTo(OPERATIONAL);
            assertThat(timeline.segments()).containsExactly(new Segment(at("01:00"), at("05:00"), PARTIAL_OUTAGE));
            // The worse claim counts every second it holds; the maintenance adds nothing under it.
            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(PARTIAL_OUTAGE, hours(4))));
        }
    }

    /** The incident (01:00-03:00) resolves inside the window (02:00-06:00): the maintenance shows from then on. */
    @Test
    void whenTheIncidentResolvesFirstTheMaintenanceStillShows() {
        for (List<Interval> order : bothOrders(maintenance(UNDER_MAINTENANCE, "02:00", "06:00"),
                interval("inc-1", MAJOR_OUTAGE, "01:00", "03:00"))) {
            var timeline = timelineOf(order);

            assertThat(timeline.statusAt(at("02:30"))).as("%s", order).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.statusAt(at("03:00"))).isEqualTo(UNDER_MAINTENANCE);
            assertThat(timeline.since(at("05:00"))).contains(at("03:00"));
            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(
                    MAJOR_OUTAGE, hours(2), UNDER_MAINTENANCE, hours(3))));
            assertThat(timeline.uptime(WHOLE_DAY, AccountingProfile.STATUSPAGE))
                    .isCloseTo(1.0 - hours(2) / (double) hours(24), within(1e-12));
        }
    }

    /**
     * A commander may name a worse status for a maintenance: the page shows it, but it was announced downtime, so
     * its seconds are maintenance seconds and every profile counts them as up.
     */
    @ParameterizedTest
    @EnumSource(AccountingProfile.class)
    void aMaintenanceDeclaringAnOutageShowsItButIsAccountedAsMaintenance(AccountingProfile profile) {
        var timeline = timelineOf(List.of(Interval.planned("mnt-1", API, MAJOR_OUTAGE, 1.0, at("02:00"), at("03:00"))));

        assertThat(timeline.statusAt(at("02:30"))).isEqualTo(MAJOR_OUTAGE);
        assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(UNDER_MAINTENANCE, hours(1))));
        assertThat(timeline.uptime(WHOLE_DAY, profile)).isEqualTo(1.0);
    }

    /** An incident's partial outage inside a maintenance that shows major: major shows, the partial is accounted. */
    @Test
    void underAMaintenanceShowingWorseAnIncidentStillCountsInFull() {
        for (List<Interval> order : bothOrders(Interval.planned("mnt-1", API, MAJOR_OUTAGE, null, at("02:00"),
                at("04:00")), interval("inc-1", PARTIAL_OUTAGE, "03:00", "05:00"))) {
            var timeline = timelineOf(order);

            assertThat(timeline.statusAt(at("03:30"))).as("%s", order).isEqualTo(MAJOR_OUTAGE);
            assertThat(timeline.statusAt(at("04:30"))).isEqualTo(PARTIAL_OUTAGE);
            assertThat(timeline.secondsIn(WHOLE_DAY)).isEqualTo(seconds(Map.of(
                    UNDER_MAINTENANCE, hours(1), PARTIAL_OUTAGE, hours(2))));
            assertThat(timeline.uptime(WHOLE_DAY, AccountingProfile.STRICT))
                    .isCloseTo(1.0 - hours(2) / (double) hours(24), within(1e-12));
        }
    }

    /** A group: a member under maintenance and one with an outage; the group shows and accounts the worst of each. */
    @Test
    void aGroupAccountsItsMembersMaintenanceAsMaintenance() {
        var api = timelineOf(List.of(Interval.planned("mnt-1", API, MAJOR_OUTAGE, null, at("02:00"), at("04:00"))));
        var db = EffectiveTimeline.of(List.of(new Interval("inc-1", "db", PARTIAL_OUTAGE, null, at("03:00"),
                at("05:00"))));
        var group = EffectiveTimeline.worstOf(List.of(api, db));

        assertThat(group.statusAt(at("03:30"))).isEqualTo(MAJOR_OUTAGE);
        assertThat(group.secondsIn(window("00:00", "06:00"))).isEqualTo(seconds(Map.of(
                UNDER_MAINTENANCE, hours(1), PARTIAL_OUTAGE, hours(2))));
        assertThat(group.uptime(WHOLE_DAY, AccountingProfile.STRICT))
                .isCloseTo((1.0 + (1.0 - hours(2) / (double) hours(24))) / 2, within(1e-12));
    }

    @Test
    void aPlannedIntervalClippedStaysPlanned() {
        Interval clipped = maintenance(MAJOR_OUTAGE, "02:00", "04:00").clip(window("03:00", "05:00")).orElseThrow();

        assertThat(clipped.planned()).isTrue();
        assertThat(clipped.accounted().status()).isEqualTo(UNDER_MAINTENANCE);
        assertThat(interval("inc-1", MAJOR_OUTAGE, "02:00", "04:00").accounted().status()).isEqualTo(MAJOR_OUTAGE);
    }
}
