package io.incidentledger.query.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecondsSummaryTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleOneWhateverTheOrder() {
        assertThat(SecondsSummary.of(List.of(300L, 10L, 60L))).isEqualTo(new SecondsSummary(3, 123L, 60L));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleOnesRoundedHalfUp() {
        assertThat(SecondsSummary.of(List.of(40L, 10L, 20L, 1000L)).medianSeconds()).isEqualTo(30L);
        assertThat(SecondsSummary.of(List.of(1L, 2L)).medianSeconds()).isEqualTo(2L); // 1.5 rounds up
        assertThat(SecondsSummary.of(List.of(1L, 2L)).meanSeconds()).isEqualTo(2L);
        assertThat(SecondsSummary.of(List.of(1L, 1L, 2L)).meanSeconds()).isEqualTo(1L); // 1.33 rounds down
    }

    @Test
    void manyTinyIncidentsAndOneLongOneMoveTheMeanButNotTheMedian() {
        List<Long> durations = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            durations.add(60L);
        }
        durations.add(100L * 3600);

        SecondsSummary summary = SecondsSummary.of(durations);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.meanSeconds()).isEqualTo((99 * 60 + 360_000) / 100); // 3659.4 s: an hour, which none was
        assertThat(summary.medianSeconds()).isEqualTo(60L);
    }

    @Test
    void oneDurationIsItsOwnMeanAndMedian() {
        assertThat(SecondsSummary.of(List.of(42L))).isEqualTo(new SecondsSummary(1, 42L, 42L));
    }

    @Test
    void nothingHasNoMeanAndNoMedian() {
        assertThat(SecondsSummary.of(List.of())).isEqualTo(new SecondsSummary(0, null, null));
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SecondsSummary.of(List.of(5L, -1L)));
    }
}
