package io.incidentledger.query.downtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A half-open span of time, {@code [from, to)}: the period a report covers, a day, an incident's life.
 *
 * <p>An empty window ({@code from == to}) is legal, because "the part of today that has already
 * happened" is empty at midnight and callers should not need a special case for it.
 */
public record Window(Instant from, Instant to) {

    public Window {
        requireOrdered(from, to);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public boolean isEmpty() {
        return from.equals(to);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** The time both windows share; empty rather than zero-length, since a shared instant is no shared time. */
    public Optional<Window> intersect(Window other) {
        Instant start = later(from, other.from);
        Instant end = earlier(to, other.to);
        return start.isBefore(end) ? Optional.of(new Window(start, end)) : Optional.empty();
    }

    /** How much of {@code [spanFrom, spanTo)} falls inside this window, without building a window for it (hot path). */
    Duration overlap(Instant spanFrom, Instant spanTo) {
        Instant start = later(from, spanFrom);
        Instant end = earlier(to, spanTo);
        return start.isBefore(end) ? Duration.between(start, end) : Duration.ZERO;
    }

    /** The rule every span in this package obeys, spelled once. */
    static void requireOrdered(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("A span cannot end (" + to + ") before it starts (" + from + ")");
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
