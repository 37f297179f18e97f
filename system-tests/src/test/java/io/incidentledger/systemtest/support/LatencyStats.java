package io.incidentledger.systemtest.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles over a list of measured durations. */
public final class LatencyStats {

    private final List<Duration> samples = new ArrayList<>();

    public void add(Duration sample) {
        if (sample.isNegative()) {
            throw new IllegalArgumentException("negative latency " + sample);
        }
        samples.add(sample);
    }

    public int count() {
        return samples.size();
    }

    /** Nearest-rank: the smallest sample such that at least {@code percentile}% of samples are at most it. */
    public Duration percentile(double percentile) {
        if (samples.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        List<Duration> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    public Duration max() {
        return percentile(100);
    }

    /** {@code p50=12.3ms p99=45.6ms max=78.9ms}. */
    public String summary() {
        return "p50=" + millis(percentile(50)) + " p99=" + millis(percentile(99)) + " max=" + millis(max());
    }

    public static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1fms", d.toNanos() / 1_000_000.0);
    }
}
