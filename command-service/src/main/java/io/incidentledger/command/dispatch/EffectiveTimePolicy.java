package io.incidentledger.command.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static io.incidentledger.command.dispatch.CommandRejectedException.ruleViolated;

/**
 * Turns the {@code at} a commander sent into an effective time: now when absent, and never further in
 * the future than the allowed skew (clocks differ a little; a typo in the year does not get through).
 * Handed to the aggregates (incident, maintenance) as a handler parameter, so no aggregate ever reads a clock.
 */
public record EffectiveTimePolicy(Clock clock, Duration maxFutureSkew) {

    public Instant now() {
        return clock.instant();
    }

    public Instant effective(Instant requested) {
        Instant now = now();
        if (requested == null) {
            return now;
        }
        return notInFuture("at", requested);
    }

    /**
     * Refuses an instant further in the future than the allowed skew, as for {@code at}: the same allowance
     * for every effective time a command carries (e.g. a correction's {@code to} on an open incident).
     *
     * @param field the request field that carries it, named in the rejection
     */
    public Instant notInFuture(String field, Instant requested) {
        Instant now = now();
        if (requested.isAfter(now.plus(maxFutureSkew))) {
            throw ruleViolated(field, "'" + field + "' " + requested + " lies more than " + maxFutureSkew.toSeconds()
                    + " s in the future (now is " + now + ")");
        }
        return requested;
    }
}
