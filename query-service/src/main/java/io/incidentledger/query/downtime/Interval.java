package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One source's claim that a component was in trouble for a while: "incident {@code source} said
 * {@code componentId} was {@code status} over {@code [from, to)}". Incidents and maintenances both speak
 * in intervals, which is what lets {@link EffectiveTimeline} treat them alike.
 *
 * <p>There are no operational intervals: operational is what a component is when nobody claims
 * otherwise, so an interval saying it would be a claim of nothing.
 *
 * <p>A {@code planned} interval is a scheduled maintenance's: it shows as the status it declares (usually
 * under maintenance, or something worse a commander named), but it was announced downtime, so it is
 * {@linkplain #accounted() accounted} as under maintenance, which every profile counts as up.
 *
 * @param source           the incident or maintenance that made the claim
 * @param affectedFraction in (0, 1], or {@code null} when the claim did not say how many were affected
 * @param planned          a scheduled maintenance's claim, not an incident's
 */
public record Interval(String source, String componentId, ComponentStatus status, Double affectedFraction,
                       Instant from, Instant to, boolean planned) {

    /** An incident's claim. */
    public Interval(String source, String componentId, ComponentStatus status, Double affectedFraction,
                    Instant from, Instant to) {
        this(source, componentId, status, affectedFraction, from, to, false);
    }

    /** A scheduled maintenance's claim over {@code [from, to)}: shown as {@code status}, accounted as maintenance. */
    public static Interval planned(String maintenanceId, String componentId, ComponentStatus status,
                                   Double affectedFraction, Instant from, Instant to) {
        return new Interval(maintenanceId, componentId, status, affectedFraction, from, to, true);
    }

    public Interval {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(status, "status");
        if (status == ComponentStatus.OPERATIONAL) {
            throw new IllegalArgumentException("An interval claims trouble; operational is the absence of intervals");
        }
        requireFraction(affectedFraction);
        // Empty is allowed: a maintenance that starts exactly at `now` is empty, and weighs nothing.
        Window.requireOrdered(from, to);
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    public Window window() {
        return new Window(from, to);
    }

    /** The part of this claim inside {@code window}; empty when they share no time, so no zero-length sliver survives. */
    public Optional<Interval> clip(Window window) {
        return window.intersect(window()).map(shared -> during(shared.from(), shared.to()));
    }

    /** The same claim over another span: how replays and clips reshape an interval without restating it. */
    Interval during(Instant newFrom, Instant newTo) {
        return new Interval(source, componentId, status, affectedFraction, newFrom, newTo, planned);
    }

    /**
     * What the claim counts as in downtime seconds and uptime: itself for an incident; under maintenance, affecting
     * no stated fraction, for a planned window, whatever status it shows.
     */
    public Interval accounted() {
        return planned ? new Interval(source, componentId, ComponentStatus.UNDER_MAINTENANCE, null, from, to, true)
                : this;
    }

    static void requireFraction(Double affectedFraction) {
        if (affectedFraction != null && !(affectedFraction > 0.0 && affectedFraction <= 1.0)) {
            throw new IllegalArgumentException("An affected fraction lies in (0, 1], not " + affectedFraction);
        }
    }
}
