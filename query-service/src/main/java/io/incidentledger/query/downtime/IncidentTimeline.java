package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.IncidentFact.Corrected;
import io.incidentledger.query.downtime.IncidentFact.Declared;
import io.incidentledger.query.downtime.IncidentFact.Opened;
import io.incidentledger.query.downtime.IncidentFact.Reopened;
import io.incidentledger.query.downtime.IncidentFact.Resolved;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.incidentledger.query.downtime.PaintedLine.FOREVER;

/**
 * One incident's own account of what it did to each component: its intervals, and the seconds it
 * claimed at each level. Overlaps with other incidents are none of its business; that is what
 * {@link EffectiveTimeline} is for.
 */
public final class IncidentTimeline {

    private final String incidentId;
    private final Instant startedAt;
    private final Instant resolvedAt;
    private final List<Interval> intervals;
    private final Map<String, LevelSeconds> downtime;

    private IncidentTimeline(String incidentId, Instant startedAt, Instant resolvedAt, List<Interval> intervals,
                             Map<String, LevelSeconds> downtime) {
        this.incidentId = incidentId;
        this.startedAt = startedAt;
        this.resolvedAt = resolvedAt;
        this.intervals = List.copyOf(intervals);
        this.downtime = Collections.unmodifiableMap(new LinkedHashMap<>(downtime));
    }

    /**
     * Replays an incident's facts, in the order they were recorded, into intervals.
     *
     * <p>Each component's claims are painted onto a {@link PaintedLine}: a declaration holds from its
     * instant until something later in the history says otherwise about that component; a resolution
     * withdraws every claim from its instant on. Corrections are hindsight, so they are painted
     * last, over the declarations, in their own order. Finally everything is cut to the incident's life,
     * from its opening to its last resolution, or to {@code now} while it is still open.
     *
     * @param facts must begin with the one {@link Opened} fact, which fixes when the incident's life began
     * @param now   where an open incident's claims end; this code has no clock of its own
     */
    public static IncidentTimeline replay(String incidentId, List<? extends IncidentFact> facts, Instant now) {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(now, "now");
        if (facts.isEmpty() || !(facts.get(0) instanceof Opened opening)) {
            throw new IllegalArgumentException("Incident " + incidentId + "'s history must begin with Opened");
        }

        // Keyed in order of first appearance, which is the order the incident page lists components in.
        Map<String, PaintedLine<Claim>> claims = new LinkedHashMap<>();
        List<Corrected> corrections = new ArrayList<>();
        Instant resolvedAt = null;
        for (IncidentFact fact : facts.subList(1, facts.size())) {
            if (fact instanceof Declared declared) {
                PaintedLine<Claim> line = lineOf(claims, declared.componentId());
                // A resolved incident speaks only through corrections; the command side should never let a
                // declaration through, and if one slips by it must not come back to life at a reopening.
                if (resolvedAt == null) {
                    line.paint(declared.at(), FOREVER, Claim.of(declared.status(), declared.affectedFraction()));
                }
            } else if (fact instanceof Resolved resolved) {
                claims.values().forEach(line -> line.paint(resolved.at(), FOREVER, Claim.NOTHING));
                resolvedAt = resolved.at();
            } else if (fact instanceof Reopened) {
                // Nothing to withdraw: the resolution already did, so the incident claims nothing until it
                // declares again.
                resolvedAt = null;
            } else if (fact instanceof Corrected corrected) {
                lineOf(claims, corrected.componentId());
                corrections.add(corrected);
            } else if (fact instanceof Opened) {
                throw new IllegalArgumentException("Incident " + incidentId + " opened twice; reopening is Reopened");
            }
        }

        Instant end = resolvedAt == null ? now : resolvedAt;
        // An end before the opening (a backwards clock, or a `now` before the incident) leaves no life at all.
        Window life = new Window(opening.at(), end.isAfter(opening.at()) ? end : opening.at());
        for (Corrected correction : corrections) {
            new Window(correction.from(), correction.to()).intersect(life).ifPresent(span ->
                    claims.get(correction.componentId())
                            .paint(span.from(), span.to(), Claim.of(correction.status(), null)));
        }

        List<Interval> intervals = new ArrayList<>();
        Map<String, LevelSeconds> downtime = new LinkedHashMap<>();
        claims.forEach((componentId, line) -> {
            List<Interval> ofComponent = line.strokesWithin(life).stream()
                    .map(stroke -> new Interval(incidentId, componentId, stroke.value().status(),
                            stroke.value().affectedFraction(), stroke.from(), stroke.to()))
                    .toList();
            intervals.addAll(ofComponent);
            downtime.put(componentId, ofComponent.stream()
                    .collect(LevelSeconds.summing(Interval::status, Interval::duration)));
        });
        return new IncidentTimeline(incidentId, opening.at(), resolvedAt, intervals, downtime);
    }

    public String incidentId() {
        return incidentId;
    }

    /** Grouped by component in order of first appearance, each component's in time order; none empty. */
    public List<Interval> intervals() {
        return intervals;
    }

    /** Still open: its last intervals were cut at {@code now}, and will grow. */
    public boolean ongoing() {
        return resolvedAt == null;
    }

    /** When its impact began, as its opening declared. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When its last resolution took effect, or null while it is open. */
    public Instant resolvedAt() {
        return resolvedAt;
    }

    /**
     * Seconds claimed at each level, per component in order of first appearance. A component the incident
     * named but never actually declared down (say, only operational) is present with {@link LevelSeconds#NONE}.
     */
    public Map<String, LevelSeconds> downtime() {
        return downtime;
    }

    /**
     * The seconds during which, by this incident's own account, at least one of its components was in trouble
     * (maintenance included): customers were hit for that long, however many components it took. Components
     * down together are counted once, so this is never more than the incident's life.
     */
    public long customerImpactSeconds() {
        List<Interval> byStart = new ArrayList<>(intervals);
        byStart.sort(Comparator.comparing(Interval::from));
        Duration total = Duration.ZERO;
        Instant coveredFrom = null;
        Instant coveredTo = null;
        for (Interval interval : byStart) {
            if (coveredTo != null && !interval.from().isAfter(coveredTo)) {
                coveredTo = interval.to().isAfter(coveredTo) ? interval.to() : coveredTo;
                continue;
            }
            if (coveredTo != null) {
                total = total.plus(Duration.between(coveredFrom, coveredTo));
            }
            coveredFrom = interval.from();
            coveredTo = interval.to();
        }
        if (coveredTo != null) {
            total = total.plus(Duration.between(coveredFrom, coveredTo));
        }
        return total.getSeconds();
    }

    private static PaintedLine<Claim> lineOf(Map<String, PaintedLine<Claim>> claims, String componentId) {
        return claims.computeIfAbsent(componentId, id -> new PaintedLine<>(Claim.NOTHING));
    }

    /** What the incident says about one component at some instant. */
    private record Claim(ComponentStatus status, Double affectedFraction) {

        static final Claim NOTHING = new Claim(ComponentStatus.OPERATIONAL, null);

        /** Saying "operational" is saying nothing, whatever fraction came with it, so it is exactly NOTHING. */
        static Claim of(ComponentStatus status, Double affectedFraction) {
            return status == ComponentStatus.OPERATIONAL ? NOTHING : new Claim(status, affectedFraction);
        }
    }
}
