package io.incidentledger.query.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UptimeColorTest {

    @Test
    void aDayIsColouredByItsWeightedDowntimeOnStatuspagesScale() {
        assertThat(UptimeColor.of(0)).isEqualTo(UptimeColor.GREEN);
        assertThat(UptimeColor.of(1)).isEqualTo(UptimeColor.YELLOW);
        assertThat(UptimeColor.of(20 * 60)).isEqualTo(UptimeColor.YELLOW);
        assertThat(UptimeColor.of(20 * 60 + 1)).isEqualTo(UptimeColor.ORANGE);
        assertThat(UptimeColor.of(40 * 60 - 1)).isEqualTo(UptimeColor.ORANGE);
        assertThat(UptimeColor.of(40 * 60)).isEqualTo(UptimeColor.RED);
        assertThat(UptimeColor.of(24 * 3600)).isEqualTo(UptimeColor.RED);
    }

    @Test
    void uptimeIsRoundedDownSoThatADayWithDowntimeNeverReadsAHundredPercent() {
        assertThat(UptimeBars.percent(1.0)).isEqualTo("100%");
        assertThat(UptimeBars.percent(1.0 - 1.0 / 86_400)).isEqualTo("99.99%");
        assertThat(UptimeBars.percent(1.0 - 600.0 / 86_400)).isEqualTo("99.30%");
        assertThat(UptimeBars.percent(0.0)).isEqualTo("0%");
    }

    @Test
    void aDayOfMaintenanceWithoutDowntimeIsBlueAndAnOutageOutweighsIt() {
        assertThat(UptimeColor.of(0, true)).isEqualTo(UptimeColor.BLUE);
        assertThat(UptimeColor.of(0, false)).isEqualTo(UptimeColor.GREEN);
        assertThat(UptimeColor.of(60, true)).isEqualTo(UptimeColor.YELLOW);
        assertThat(UptimeColor.of(40 * 60, true)).isEqualTo(UptimeColor.RED);
        assertThat(UptimeColor.BLUE.wireName()).isEqualTo("blue");
    }
}
