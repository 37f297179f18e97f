package io.incidentledger.command.maintenance;

import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.events.MaintenanceStatus;

import java.time.Instant;

/**
 * For a harness that records commands instead of handling them: refuses a maintenance command as its aggregate
 * would, for the rules that need no stored state (the window, the recurrence and its expansion, the update's
 * status, effective times not in the future), with the same rule code and the same exceptions. Without it, a
 * recording gateway would accept a series the aggregate refuses, and the controller would go on to expand it.
 */
public final class StatelessMaintenanceRules {

    private final EffectiveTimePolicy times;
    private final SeriesHorizon horizon;

    public StatelessMaintenanceRules(EffectiveTimePolicy times, SeriesHorizon horizon) {
        this.times = times;
        this.horizon = horizon;
    }

    /** Throws what the aggregate's handler would throw before it looks at its state; returns otherwise. */
    public void refuseAsTheAggregateWould(Object command) {
        if (command instanceof ScheduleMaintenance schedule) {
            MaintenanceRules.requireWindow(schedule.scheduledFor(), schedule.scheduledUntil(),
                    times.effective(schedule.at()));
        } else if (command instanceof PlanMaintenanceSeries plan) {
            Instant at = times.effective(plan.at());
            MaintenanceRules.requireWindow(plan.firstScheduledFor(), plan.firstScheduledUntil(), at);
            MaintenanceSeries.firstOccurrences(plan, MaintenanceRules.latest(times.now(), at).plus(horizon.horizon()));
        } else if (command instanceof RescheduleMaintenance reschedule && reschedule.scheduledFor() != null
                && reschedule.scheduledUntil() != null) {
            // A window given whole is judged whole: unmoved, it is the plan on record, which obeyed the rule.
            MaintenanceRules.requireWindow(reschedule.scheduledFor(), reschedule.scheduledUntil(), Instant.MIN);
        } else if (command instanceof StartMaintenance start) {
            times.effective(start.at());
        } else if (command instanceof CompleteMaintenance complete) {
            times.effective(complete.at());
        } else if (command instanceof PostMaintenanceUpdate update && update.status() != MaintenanceStatus.IN_PROGRESS
                && update.status() != MaintenanceStatus.VERIFYING) {
            throw CommandRejectedException.ruleViolated("status", "an update's status is in_progress or verifying");
        } else if (command instanceof PostMaintenanceUpdate update) {
            times.effective(update.at());
        }
    }
}
