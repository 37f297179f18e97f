package io.incidentledger.query.downtime;

import io.incidentledger.query.downtime.StepFunction.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A line over time painted stroke by stroke, each stroke covering whatever lay under it. That is the
 * "last word wins" rule of an incident: a declaration paints from its instant on, a resolution paints
 * blank from its instant on, a correction repaints a span in hindsight.
 *
 * <p>Strokes go in the order they were said, not the order of their instants, so a backdated update
 * still overrides what it contradicts instead of being buried under it.
 */
final class PaintedLine<V> {

    /** The end of a stroke that lasts "until something else is said". */
    static final Instant FOREVER = Instant.MAX;

    /** Each key starts a stretch holding its value up to the next key; before the first key the line is blank. */
    private final NavigableMap<Instant, V> changes = new TreeMap<>();
    private final V blank;

    PaintedLine(V blank) {
        this.blank = blank;
    }

    /**
     * Paints {@code [from, to)}. Amortised O(log n): a stroke adds at most two changes and can only
     * remove changes that earlier strokes added.
     */
    void paint(Instant from, Instant to, V value) {
        if (!from.isBefore(to)) {
            return;
        }
        V uncovered = valueAt(to); // what shows again where the stroke stops
        changes.subMap(from, true, to, true).clear();
        changes.put(from, value);
        changes.put(to, uncovered);
    }

    /**
     * The painted stretches inside {@code window}, in order, blank left out. Neighbours with equal values
     * are one stretch: saying the same thing twice does not split what was said.
     */
    List<Step<V>> strokesWithin(Window window) {
        List<Step<V>> strokes = new ArrayList<>();
        Instant since = null;
        V held = blank;
        for (Map.Entry<Instant, V> change : changes.entrySet()) {
            if (change.getValue().equals(held)) {
                continue;
            }
            addClipped(strokes, since, change.getKey(), held, window);
            since = change.getKey();
            held = change.getValue();
        }
        addClipped(strokes, since, FOREVER, held, window);
        return strokes;
    }

    private V valueAt(Instant instant) {
        Map.Entry<Instant, V> latest = changes.floorEntry(instant);
        return latest == null ? blank : latest.getValue();
    }

    private void addClipped(List<Step<V>> strokes, Instant from, Instant to, V value, Window window) {
        if (!value.equals(blank)) {
            window.intersect(new Window(from, to))
                    .ifPresent(inside -> strokes.add(new Step<>(inside.from(), inside.to(), value)));
        }
    }
}
