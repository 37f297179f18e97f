package io.incidentledger.query.downtime;

import io.incidentledger.query.downtime.IncidentFact.Corrected;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.incidentledger.events.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.incidentledger.events.ComponentStatus.MAJOR_OUTAGE;
import static io.incidentledger.events.ComponentStatus.OPERATIONAL;
import static io.incidentledger.events.ComponentStatus.PARTIAL_OUTAGE;
import static io.incidentledger.events.ComponentStatus.UNDER_MAINTENANCE;
import static io.incidentledger.query.downtime.Fixtures.API;
import static io.incidentledger.query.downtime.Fixtures.at;
import static io.incidentledger.query.downtime.Fixtures.interval;
import static io.incidentledger.query.downtime.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ValueTypesTest {

    @Nested
    class Windows {

        @Test
        void cannotEndBeforeItStarts() {
            assertThatIllegalArgumentException().isThrownBy(() -> window("11:00", "10:00"));
        }

        @Test
        void mayBeEmpty() {
            assertThat(window("10:00", "10:00").isEmpty()).isTrue();
            assertThat(window("10:00", "10:00").length()).isEqualTo(Duration.ZERO);
        }

        @Test
        void containsItsStartButNotItsEnd() {
            Window window = window("10:00", "11:00");

            assertThat(window.contains(at("10:00"))).isTrue();
            assertThat(window.contains(at("10:59:59.999"))).isTrue();
            assertThat(window.contains(at("11:00"))).isFalse();
            assertThat(window.contains(at("09:59:59.999"))).isFalse();
        }

        @Test
        void intersectingGivesTheSharedTimeAndNothingForMereTouching() {
            assertThat(window("10:00", "12:00").intersect(window("11:00", "13:00"))).contains(window("11:00", "12:00"));
            assertThat(window("10:00", "11:00").intersect(window("11:00", "12:00"))).isEmpty();
            assertThat(window("10:00", "11:00").intersect(window("13:00", "14:00"))).isEmpty();
        }
    }

    @Nested
    class Intervals {

        @Test
        void measureTheirDuration() {
            assertThat(interval("inc-1", MAJOR_OUTAGE, "10:00", "11:30").duration()).isEqualTo(Duration.ofMinutes(90));
        }

        @Test
        void clippedToAWindowTheyKeepOnlyTheTimeInsideAndEverythingElseTheySaid() {
            Interval claim = interval("inc-1", PARTIAL_OUTAGE, 0.4, "09:00", "15:00");

            assertThat(claim.clip(window("10:00", "12:00")))
                    .contains(interval("inc-1", PARTIAL_OUTAGE, 0.4, "10:00", "12:00"));
        }

        @Test
        void clippedToAWindowTheyOnlyTouchTheyVanish() {
            Interval claim = interval("inc-1", MAJOR_OUTAGE, "09:00", "15:00");

            assertThat(claim.clip(window("15:00", "16:00"))).isEmpty();
            assertThat(claim.clip(window("08:00", "09:00"))).isEmpty();
            assertThat(claim.clip(window("16:00", "17:00"))).isEmpty();
        }

        @Test
        void neverClaimOperational() {
            assertThatIllegalArgumentException().isThrownBy(() -> interval("inc-1", OPERATIONAL, "10:00", "11:00"));
        }

        @Test
        void acceptAffectedFractionsInTheHalfOpenUnitIntervalOnly() {
            assertThat(interval("inc-1", MAJOR_OUTAGE, 1.0, "10:00", "11:00").affectedFraction()).isEqualTo(1.0);
            assertThatIllegalArgumentException().isThrownBy(() -> interval("inc-1", MAJOR_OUTAGE, 0.0, "10:00", "11:00"));
            assertThatIllegalArgumentException().isThrownBy(() -> interval("inc-1", MAJOR_OUTAGE, 1.1, "10:00", "11:00"));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> interval("inc-1", MAJOR_OUTAGE, Double.NaN, "10:00", "11:00"));
        }

        @Test
        void cannotEndBeforeTheyStart() {
            assertThatIllegalArgumentException().isThrownBy(() -> interval("inc-1", MAJOR_OUTAGE, "11:00", "10:00"));
        }
    }

    @Nested
    class Facts {

        @Test
        void aDeclarationsAffectedFractionLiesInTheHalfOpenUnitInterval() {
            assertThatIllegalArgumentException().isThrownBy(() -> new Declared(API, MAJOR_OUTAGE, -0.5, at("10:00")));
        }

        @Test
        void aCorrectionCannotEndBeforeItStarts() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new Corrected(API, MAJOR_OUTAGE, at("11:00"), at("10:00")));
        }
    }

    @Nested
    class LevelSecondsValues {

        private final LevelSeconds seconds = new LevelSeconds(1, 20, 300, 4000);

        @Test
        void readsEachLevelByStatus() {
            assertThat(seconds.get(MAJOR_OUTAGE)).isEqualTo(1);
            assertThat(seconds.get(PARTIAL_OUTAGE)).isEqualTo(20);
            assertThat(seconds.get(DEGRADED_PERFORMANCE)).isEqualTo(300);
            assertThat(seconds.get(UNDER_MAINTENANCE)).isEqualTo(4000);
        }

        @Test
        void hasNoOperationalCountBecauseThatDependsOnThePeriod() {
            assertThatIllegalArgumentException().isThrownBy(() -> seconds.get(OPERATIONAL));
        }

        @Test
        void impactedSecondsAddsUpAllFourLevels() {
            assertThat(seconds.impactedSeconds()).isEqualTo(4321);
        }

        @Test
        void onTheWireAllFourLevelsArePresentWorstFirst() {
            assertThat(seconds.asWireMap()).containsExactly(
                    entry("major_outage", 1L), entry("partial_outage", 20L),
                    entry("degraded_performance", 300L), entry("under_maintenance", 4000L));
            assertThat(LevelSeconds.NONE.asWireMap()).containsExactly(
                    entry("major_outage", 0L), entry("partial_outage", 0L),
                    entry("degraded_performance", 0L), entry("under_maintenance", 0L));
        }

        @Test
        void cannotBeNegative() {
            assertThatIllegalArgumentException().isThrownBy(() -> new LevelSeconds(0, -1, 0, 0));
        }

        @Test
        void theWireMapCannotBeAltered() {
            Map<String, Long> wire = seconds.asWireMap();

            assertThatThrownBy(() -> wire.put("major_outage", 0L))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
