package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * Whole seconds spent at each level of trouble. Operational time is not counted here: it is whatever
 * is left of the period in question, and only the caller knows that period.
 */
public record LevelSeconds(long majorOutage, long partialOutage, long degradedPerformance, long underMaintenance) {

    public static final LevelSeconds NONE = new LevelSeconds(0, 0, 0, 0);

    public LevelSeconds {
        if (majorOutage < 0 || partialOutage < 0 || degradedPerformance < 0 || underMaintenance < 0) {
            throw new IllegalArgumentException("Time spent cannot be negative");
        }
    }

    /** @throws IllegalArgumentException for {@code OPERATIONAL}, which is the complement of {@link #impactedSeconds()} */
    public long get(ComponentStatus status) {
        return switch (status) {
            case MAJOR_OUTAGE -> majorOutage;
            case PARTIAL_OUTAGE -> partialOutage;
            case DEGRADED_PERFORMANCE -> degradedPerformance;
            case UNDER_MAINTENANCE -> underMaintenance;
            case OPERATIONAL -> throw new IllegalArgumentException(
                    "Operational seconds are the period's length minus impactedSeconds()");
        };
    }

    /** Every second something was wrong or planned, whatever the level. */
    public long impactedSeconds() {
        return majorOutage + partialOutage + degradedPerformance + underMaintenance;
    }

    /** All four levels, worst first, in wire spelling; a level never reached is 0 rather than missing. */
    public Map<String, Long> asWireMap() {
        Map<String, Long> wire = new LinkedHashMap<>();
        wire.put(ComponentStatus.MAJOR_OUTAGE.toString(), majorOutage);
        wire.put(ComponentStatus.PARTIAL_OUTAGE.toString(), partialOutage);
        wire.put(ComponentStatus.DEGRADED_PERFORMANCE.toString(), degradedPerformance);
        wire.put(ComponentStatus.UNDER_MAINTENANCE.toString(), underMaintenance);
        return Collections.unmodifiableMap(wire);
    }

    /**
     * Sums exact durations per level and truncates to whole seconds only once, at the end: truncating each
     * piece first would lose up to a second per piece, and a long history has many pieces.
     */
    static <T> Collector<T, ?, LevelSeconds> summing(Function<T, ComponentStatus> level, Function<T, Duration> span) {
        return Collector.of(
                () -> new EnumMap<ComponentStatus, Duration>(ComponentStatus.class),
                (exact, piece) -> exact.merge(level.apply(piece), span.apply(piece), Duration::plus),
                (left, right) -> {
                    right.forEach((status, duration) -> left.merge(status, duration, Duration::plus));
                    return left;
                },
                exact -> new LevelSeconds(
                        wholeSeconds(exact, ComponentStatus.MAJOR_OUTAGE),
                        wholeSeconds(exact, ComponentStatus.PARTIAL_OUTAGE),
                        wholeSeconds(exact, ComponentStatus.DEGRADED_PERFORMANCE),
                        wholeSeconds(exact, ComponentStatus.UNDER_MAINTENANCE)));
    }

    private static long wholeSeconds(Map<ComponentStatus, Duration> exact, ComponentStatus level) {
        return exact.getOrDefault(level, Duration.ZERO).getSeconds();
    }
}
