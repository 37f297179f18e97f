package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.downtime.StepFunction.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a component (or a group of them) actually was at every instant, as opposed to what each incident
 * said about it: the worst status anyone declared, operational when nobody declared anything.
 *
 * <p>Overlapping claims are merged here and only here. Two incidents declaring the same outage are one
 * outage; when one of them resolves, the component falls back to whatever the other still says. Every
 * number read off a timeline (seconds, uptime, "since when") therefore counts each second once.
 *
 * <p>A timeline has two faces that differ only while a scheduled maintenance runs: the status it <em>shows</em>
 * (statusAt, since, segments: the worst anyone declared, a maintenance's declared status included) and the status
 * it is <em>accounted</em> at (secondsIn, uptime), where a maintenance's claim counts as under maintenance, up in
 * every profile, even when the commander named something worse for it. An incident's outage during the window
 * is worse than under maintenance and so counts in full either way.
 */
public abstract sealed class EffectiveTimeline {

    private final StepFunction<ComponentStatus> status;
    /**
     * Made on first use: the status board (every component's whole history, after every change) reads only the
     * status, while reports and uptime read only this face and the weights.
     */
    private final Lazy<StepFunction<ComponentStatus>> accounted;
    private final List<Segment> segments;

    private EffectiveTimeline(StepFunction<ComponentStatus> status, Supplier<StepFunction<ComponentStatus>> accounted) {
        this.status = status;
        this.accounted = new Lazy<>(accounted);
        this.segments = status.steps().stream()
                .map(step -> new Segment(step.from(), step.to(), step.value()))
                .toList();
    }

    /**
     * The timeline of one component from every incident's and maintenance's intervals for it.
     *
     * @throws IllegalArgumentException if the intervals concern more than one component, which would
     *                                  silently blend two components' histories
     */
    public static EffectiveTimeline of(Collection<Interval> intervalsOfOneComponent) {
        long components = intervalsOfOneComponent.stream().map(Interval::componentId).distinct().count();
        if (components > 1) {
            throw new IllegalArgumentException("A timeline is one component's; got intervals of " + components);
        }
        return new OfComponent(List.copyOf(intervalsOfOneComponent));
    }

    /** A group's timeline: at each instant the worst of its members; its uptime the mean of theirs. */
    public static EffectiveTimeline worstOf(Collection<? extends EffectiveTimeline> members) {
        return new OfGroup(List.copyOf(members));
    }

    /** The non-operational stretches in time order; the timeline is operational everywhere else. */
    public List<Segment> segments() {
        return segments;
    }

    public ComponentStatus statusAt(Instant instant) {
        return status.valueAt(instant);
    }

    /**
     * Since when the status at {@code now} has held without a break: when the current trouble began, or
     * when the last trouble ended. Empty for a timeline that has never been anything but operational.
     */
    public Optional<Instant> since(Instant now) {
        return status.heldSince(now);
    }

    /**
     * Whether any instant of {@code window} is accounted as maintenance, however short: a window that began a
     * moment ago has no whole second yet, but it is under way.
     */
    public boolean hasMaintenanceIn(Window window) {
        return accounted.get().overlapping(window).stream()
                .anyMatch(step -> step.value() == ComponentStatus.UNDER_MAINTENANCE);
    }

    /** Seconds per level as accounted: a maintenance's seconds are under maintenance, whatever it showed. */
    public LevelSeconds secondsIn(Window window) {
        return accounted.get().overlapping(window).stream()
                .collect(LevelSeconds.summing(Step::value, step -> window.overlap(step.from(), step.to())));
    }

    /**
     * The share of {@code window} the service was up, between 0 and 1, where each second counts as down by
     * the profile's weight. An empty window is fully up: nothing went wrong in no time.
     */
    public abstract double uptime(Window window, AccountingProfile profile);

    private static final class OfComponent extends EffectiveTimeline {

        private final Map<AccountingProfile, Lazy<StepFunction<Double>>> downWeight =
                new EnumMap<>(AccountingProfile.class);

        /** @param intervals a copy of its own: the accounted face is made from it later, if ever */
        private OfComponent(List<Interval> intervals) {
            this(intervals, new Lazy<>(() -> intervals.stream().map(Interval::accounted).toList()));
        }

        private OfComponent(List<Interval> intervals, Lazy<List<Interval>> accounted) {
            super(StepFunction.upperEnvelope(pieces(intervals, Interval::status), ComponentStatus.OPERATIONAL),
                    () -> StepFunction.upperEnvelope(pieces(accounted.get(), Interval::status),
                            ComponentStatus.OPERATIONAL));
            // The heaviest weight active at an instant, not the sum: two incidents hitting the same users at
            // once do not make them twice as down. Made once per profile, on its first uptime query, so each
            // one after is a binary search and a walk over the window, which daily buckets repeat for every day.
            for (AccountingProfile profile : AccountingProfile.values()) {
                downWeight.put(profile, new Lazy<>(() -> StepFunction.upperEnvelope(
                        pieces(accounted.get(), profile::downWeight), 0.0)));
            }
        }

        @Override
        public double uptime(Window window, AccountingProfile profile) {
            if (window.isEmpty()) {
                return 1.0;
            }
            double downSeconds = 0.0;
            for (Step<Double> step : downWeight.get(profile).get().overlapping(window)) {
                downSeconds += step.value() * seconds(window.overlap(step.from(), step.to()));
            }
            // Floating-point sums can overshoot a fully-down window by an ulp; uptime is never negative.
            return Math.max(0.0, 1.0 - downSeconds / seconds(window.length()));
        }

        private static <V> List<Step<V>> pieces(Collection<Interval> intervals, Function<Interval, V> value) {
            return intervals.stream().map(i -> new Step<>(i.from(), i.to(), value.apply(i))).toList();
        }

        /** Exact, sub-second included: uptime is a ratio, and only reported seconds are whole. */
        private static double seconds(Duration duration) {
            return duration.getSeconds() + duration.getNano() / 1e9;
        }
    }

    private static final class OfGroup extends EffectiveTimeline {

        private final List<EffectiveTimeline> members;

        private OfGroup(List<EffectiveTimeline> members) {
            super(StepFunction.upperEnvelope(
                            members.stream().flatMap(member -> member.status.steps().stream()).toList(),
                            ComponentStatus.OPERATIONAL),
                    () -> StepFunction.upperEnvelope(
                            members.stream().flatMap(member -> member.accounted.get().steps().stream()).toList(),
                            ComponentStatus.OPERATIONAL));
            this.members = members;
        }

        /**
         * The mean of the members' uptimes, as Statuspage computes it: one component of ten down all day
         * leaves the group 90% up, where the worst-of timeline alone would call it 0%. A group without
         * members has nothing that could be down.
         */
        @Override
        public double uptime(Window window, AccountingProfile profile) {
            return members.stream().mapToDouble(member -> member.uptime(window, profile)).average().orElse(1.0);
        }
    }

    /** A value made at most once, on first use, by whichever thread asks first: timelines are shared between threads. */
    private static final class Lazy<T> implements Supplier<T> {

        private Supplier<T> make;
        private volatile T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T made = value;
            if (made == null) {
                synchronized (this) {
                    made = value;
                    if (made == null) {
                        made = make.get();
                        value = made;
                        make = null;
                    }
                }
            }
            return made;
        }
    }
}
