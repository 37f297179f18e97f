package io.incidentledger.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesOverTwoHundredSamples() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 200; ms >= 1; ms--) {
            stats.add(Duration.ofMillis(ms));
        }
        assertThat(stats.count()).isEqualTo(200);
        assertThat(stats.percentile(50)).isEqualTo(Duration.ofMillis(100));
        assertThat(stats.percentile(99)).isEqualTo(Duration.ofMillis(198));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(200));
        assertThat(stats.summary()).isEqualTo("p50=100.0ms p99=198.0ms max=200.0ms");
    }

    @Test
    void oneSampleIsEveryPercentile() {
        LatencyStats stats = new LatencyStats();
        stats.add(Duration.ofNanos(1_234_567));
        assertThat(stats.percentile(1)).isEqualTo(Duration.ofNanos(1_234_567));
        assertThat(stats.summary()).isEqualTo("p50=1.2ms p99=1.2ms max=1.2ms");
    }

    @Test
    void noSamplesNoPercentile() {
        assertThatThrownBy(() -> new LatencyStats().percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LatencyStats().add(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
