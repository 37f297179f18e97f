package io.incidentledger.query.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Mean and median of a set of durations, in whole seconds. The median stands beside the mean because incident
 * durations are skewed: one long outage among many short ones drags the mean far from what is typical, and
 * many tiny incidents drag it the other way; the median moves with neither.
 *
 * @param count         how many durations there were
 * @param meanSeconds   their mean, rounded half up to a whole second; null when there were none
 * @param medianSeconds the middle one, or the mean of the two middle ones (rounded half up); null when none
 */
record SecondsSummary(int count, Long meanSeconds, Long medianSeconds) {

    static final SecondsSummary NONE = new SecondsSummary(0, null, null);

    /** @param seconds durations, none negative */
    static SecondsSummary of(Collection<Long> seconds) {
        if (seconds.isEmpty()) {
            return NONE;
        }
        long[] sorted = seconds.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("A duration cannot be negative: " + sorted[0]);
        }
        int n = sorted.length;
        long sum = Arrays.stream(sorted).sum();
        // Exact integer rounding, half up: floor((sum / n) + 1/2) = floor((2 sum + n) / 2n).
        long mean = Math.floorDiv(2 * sum + n, 2L * n);
        long median = n % 2 == 1 ? sorted[n / 2] : Math.floorDiv(sorted[n / 2 - 1] + sorted[n / 2] + 1, 2);
        return new SecondsSummary(n, mean, median);
    }
}
