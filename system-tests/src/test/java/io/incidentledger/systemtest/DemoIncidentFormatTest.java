package io.incidentledger.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo table's durations read like the seed's ("3h50m"), and the seed's figures are what the lead gave. */
class DemoIncidentFormatTest {

    @Test
    void durationsReadLikeTheSeed() {
        assertThat(DemoIncidentIT.hm(13_800)).isEqualTo("3h50m");
        assertThat(DemoIncidentIT.hm(3_060)).isEqualTo("51m");
        assertThat(DemoIncidentIT.hm(34_200)).isEqualTo("9h30m");
        assertThat(DemoIncidentIT.hm(8_820)).isEqualTo("2h27m");
        assertThat(DemoIncidentIT.hm(10_200)).isEqualTo("2h50m");
        assertThat(DemoIncidentIT.hm(0)).isEqualTo("0m");
        assertThat(DemoIncidentIT.hm(61)).isEqualTo("1m1s");
    }
}
