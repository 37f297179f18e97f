package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.IncidentFact.Corrected;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import io.incidentledger.query.downtime.IncidentFact.Opened;
import io.incidentledger.query.downtime.IncidentFact.Reopened;
import io.incidentledger.query.downtime.IncidentFact.Resolved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.query.downtime.AccountingProfile.STATUSPAGE;
import static io.incidentledger.query.downtime.Fixtures.API;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Years of history must stay cheap. The time limits are generous enough for a slow CI machine and far
 * too tight for anything quadratic, which at these sizes would take minutes.
 */
class LongHistoryTest {

    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    @Test
    @Timeout(10)
    void anIncidentWithTensOfThousandsOfFactsReplaysCorrectly() {
        // 20,000 declarations flipping between major and partial every minute, then 5,000 corrections
        // each erasing one of the partial minutes in the first half.
        List<IncidentFact> facts = new ArrayList<>();
        facts.add(new Opened(EPOCH));
        for (int minute = 0; minute < 20_000; minute++) {
            facts.add(new Declared(API, minute % 2 == 0 ? MAJOR_OUTAGE : PARTIAL_OUTAGE, null, minuteAt(minute)));
        }
        facts.add(new Resolved(minuteAt(20_000)));
        for (int minute = 1; minute < 10_000; minute += 2) {
            facts.add(new Corrected(API, ComponentStatus.OPERATIONAL, minuteAt(minute), minuteAt(minute + 1)));
        }

        var incident = IncidentTimeline.replay("long", facts, minuteAt(30_000));

        assertThat(incident.intervals()).hasSize(15_000);
        assertThat(incident.downtime().get(API).majorOutage()).isEqualTo(10_000 * 60L);
        assertThat(incident.downtime().get(API).partialOutage()).isEqualTo(5_000 * 60L);
    }

    @Test
    @Timeout(10)
    void aHundredThousandOverlappingIntervalsMergeAndAnswerNinetyDaysOfBuckets() {
        // 1,000 incidents, each reopened 100 times, all hitting the same component and overlapping.
        List<Interval> intervals = new ArrayList<>();
        for (int incident = 0; incident < 1_000; incident++) {
            List<IncidentFact> facts = new ArrayList<>();
            facts.add(new Opened(minuteAt(incident)));
            for (int episode = 0; episode < 100; episode++) {
                int start = incident + episode * 1_300;
                if (episode > 0) {
                    facts.add(new Reopened(minuteAt(start)));
                }
                facts.add(new Declared(API, episode % 2 == 0 ? PARTIAL_OUTAGE : MAJOR_OUTAGE, null,
                        minuteAt(start)));
                facts.add(new Resolved(minuteAt(start + 10)));
            }
            intervals.addAll(IncidentTimeline.replay("inc-" + incident, facts, minuteAt(200_000)).intervals());
        }
        assertThat(intervals).hasSize(100_000);

        var timeline = EffectiveTimeline.of(intervals);
        var buckets = DailyUptime.buckets(timeline, 90, ZoneOffset.UTC, minuteAt(200_000), STATUSPAGE);

        // Each episode's 1,000 staggered incidents cover 1,009 minutes without a gap: one segment per episode.
        assertThat(timeline.segments()).hasSize(100);
        assertThat(timeline.secondsIn(new Window(EPOCH, minuteAt(200_000))).impactedSeconds())
                .isEqualTo(100 * 1_009 * 60L);
        assertThat(buckets).hasSize(90);
    }

    private static Instant minuteAt(long minute) {
        return EPOCH.plusSeconds(60 * minute);
    }
}
