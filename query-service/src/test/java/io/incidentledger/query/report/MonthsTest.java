package io.incidentledger.query.report;

import io.incidentledger.query.downtime.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

class MonthsTest {

    private static Window window(String from, String to) {
        return new Window(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void calendarMonthsInUtcClippedToTheWindow() {
        Window window = window("2024-01-15T12:00:00Z", "2024-03-10T00:00:00Z");

        assertThat(Months.of(window)).containsExactly(
                new Months.Month(YearMonth.of(2024, 1), window("2024-01-15T12:00:00Z", "2024-02-01T00:00:00Z")),
                new Months.Month(YearMonth.of(2024, 2), window("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")),
                new Months.Month(YearMonth.of(2024, 3), window("2024-03-01T00:00:00Z", "2024-03-10T00:00:00Z")));
        assertThat(Months.of(window).get(1).window().length().toDays()).isEqualTo(29); // a leap year's February
        assertThat(Months.count(window)).isEqualTo(3);
    }

    @Test
    void aWindowEndingExactlyAtAMonthsStartDoesNotTouchThatMonth() {
        Window window = window("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");

        assertThat(Months.of(window)).hasSize(12);
        assertThat(Months.count(window)).isEqualTo(12);
    }

    @Test
    void aWindowInsideOneMonthIsOnePeriod() {
        Window window = window("2024-05-03T00:00:00Z", "2024-05-04T00:00:00Z");

        assertThat(Months.of(window)).containsExactly(new Months.Month(YearMonth.of(2024, 5), window));
        assertThat(Months.count(window)).isEqualTo(1);
    }
}
