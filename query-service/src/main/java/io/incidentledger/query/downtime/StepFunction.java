package io.incidentledger.query.downtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A value over time that changes only at instants and holds in between: the shape of every timeline in
 * this package. Outside its steps it rests at its floor ("operational", "not down at all"), so only the
 * interesting stretches are stored, and a quiet year costs nothing.
 *
 * @param <V> ordered, because the one way to combine overlapping values is to take the highest
 */
final class StepFunction<V extends Comparable<? super V>> {

    /** A value held over {@code [from, to)}. */
    record Step<V>(Instant from, Instant to, V value) {
    }

    /** Sorted, disjoint, never at the floor, and no two touching steps hold the same value. */
    private final List<Step<V>> steps;
    private final V floor;

    private StepFunction(List<Step<V>> steps, V floor) {
        this.steps = List.copyOf(steps);
        this.floor = floor;
    }

    /**
     * The pointwise maximum of overlapping pieces: at each instant, the highest value any piece holds
     * then. "The worst status anyone declared" and "the heaviest weight of any active declaration" are
     * both this one operation.
     *
     * <p>A sweep line: each piece becomes an entry edge and an exit edge, and walking the edges in time
     * order while counting the active values in a sorted multiset yields the maximum after every change.
     * Sorting dominates, so n pieces cost O(n log n), however much they overlap.
     */
    static <V extends Comparable<? super V>> StepFunction<V> upperEnvelope(Collection<Step<V>> pieces, V floor) {
        record Edge<V>(Instant at, V value, int delta) {
        }
        List<Edge<V>> edges = new ArrayList<>(2 * pieces.size());
        for (Step<V> piece : pieces) {
            // A piece at the floor cannot raise the maximum, and an empty one is never active at all.
            if (piece.value().compareTo(floor) > 0 && piece.from().isBefore(piece.to())) {
                edges.add(new Edge<>(piece.from(), piece.value(), +1));
                edges.add(new Edge<>(piece.to(), piece.value(), -1));
            }
        }
        edges.sort(Comparator.comparing(Edge::at));

        NavigableMap<V, Integer> active = new TreeMap<>();
        List<Step<V>> steps = new ArrayList<>();
        V current = floor;
        Instant currentSince = null;
        int next = 0;
        while (next < edges.size()) {
            Instant at = edges.get(next).at();
            // Every edge at this instant is applied before the maximum is read, so a hand-over (one piece
            // ends where another begins) is one change, never a dip to the floor and back.
            for (; next < edges.size() && edges.get(next).at().equals(at); next++) {
                Edge<V> edge = edges.get(next);
                active.merge(edge.value(), edge.delta(), (held, delta) -> held + delta == 0 ? null : held + delta);
            }
            V highest = active.isEmpty() ? floor : active.lastKey();
            if (highest.compareTo(current) != 0) {
                if (current.compareTo(floor) != 0) {
                    steps.add(new Step<>(currentSince, at, current));
                }
                current = highest;
                currentSince = at;
            }
        }
        return new StepFunction<>(steps, floor);
    }

    List<Step<V>> steps() {
        return steps;
    }

    V valueAt(Instant instant) {
        int candidate = lastStartingAtOrBefore(instant);
        return candidate >= 0 && steps.get(candidate).to().isAfter(instant) ? steps.get(candidate).value() : floor;
    }

    /**
     * Since when the value at {@code instant} has held without a break; empty if it is the floor and
     * always was, because "operational since the beginning of time" is not a date anyone can show.
     */
    Optional<Instant> heldSince(Instant instant) {
        int candidate = lastStartingAtOrBefore(instant);
        if (candidate < 0) {
            return Optional.empty();
        }
        Step<V> latest = steps.get(candidate);
        // Inside a step, the value began with it; past it, the floor resumed when it ended. Steps are
        // maximal, so in neither case can the same value stretch further back.
        return Optional.of(latest.to().isAfter(instant) ? latest.from() : latest.to());
    }

    /** The steps sharing time with {@code window}, in order, found by binary search rather than a scan. */
    List<Step<V>> overlapping(Window window) {
        int first = firstIndexWhere(step -> step.to().isAfter(window.from()));
        int end = firstIndexWhere(step -> !step.from().isBefore(window.to()));
        return steps.subList(first, Math.max(first, end));
    }

    private int lastStartingAtOrBefore(Instant instant) {
        return firstIndexWhere(step -> step.from().isAfter(instant)) - 1;
    }

    /** Binary search for the first step passing {@code test}, which must fail for a prefix and pass after it. */
    private int firstIndexWhere(Predicate<Step<V>> test) {
        int low = 0;
        int high = steps.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (test.test(steps.get(middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
