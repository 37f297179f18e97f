package io.incidentledger.command.maintenance;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import io.incidentledger.command.component.ComponentCatalog;
import io.incidentledger.command.dispatch.EffectiveTimePolicy;
import io.incidentledger.events.MaintenanceOccurrence;
import io.incidentledger.events.maintenance.MaintenanceOccurrencesPlanned;
import io.incidentledger.events.maintenance.MaintenanceSeriesPlanned;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A recurring maintenance. It never takes anything down itself: it plans its occurrences, within a rolling horizon,
 * as {@link MaintenanceOccurrencesPlanned} with deterministic maintenance ids; the occurrence scheduler turns each
 * into an ordinary {@link Maintenance} (at least once, idempotent by id), which is then edited or cancelled on its
 * own. A daily deadline on the series moves the horizon on, until a COUNT or UNTIL rule is used up.
 */
@Revision(MaintenanceSeries.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class MaintenanceSeries {

    public static final String SNAPSHOT_REVISION = "1";
    static final String HORIZON_DEADLINE = "maintenance-series-horizon";
    /** A series id leaves room for the occurrence suffix within the 64 characters of a maintenance id. */
    static final int MAX_SERIES_ID_LENGTH = 48;
    static final Duration EXTEND_EVERY = Duration.ofDays(1);
    private static final DateTimeFormatter OCCURRENCE_SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    @AggregateIdentifier
    private String seriesId;
    private Recurrence recurrence;
    private long windowSeconds;
    /** Every occurrence starting at or before this instant has been planned. */
    private Instant plannedUntil;

    @JsonCreator
    protected MaintenanceSeries() {
    }

    @CommandHandler
    public MaintenanceSeries(PlanMaintenanceSeries command, EffectiveTimePolicy times, ComponentCatalog catalog,
                             SeriesHorizon horizon, DeadlineManager deadlines) {
        Instant at = times.effective(command.at());
        MaintenanceRules.requireWindow(command.firstScheduledFor(), command.firstScheduledUntil(), at);
        MaintenanceRules.requireDeclarable(command.components(), catalog);
        long window = Duration.between(command.firstScheduledFor(), command.firstScheduledUntil()).toSeconds();
        Instant until = latest(latest(times.now(), at).plus(horizon.horizon()), command.firstScheduledFor());
        // Expanded before anything is applied, so a rule that is too frequent is refused with nothing recorded.
        List<MaintenanceOccurrence> first = firstOccurrences(command, until);
        apply(new MaintenanceSeriesPlanned(command.seriesId(), command.title(), command.message(), command.components(),
                command.rrule().strip(), command.timeZone(), command.firstScheduledFor(), window, command.autoStart(),
                command.autoComplete()));
        apply(new MaintenanceOccurrencesPlanned(command.seriesId(), first, until));
        scheduleNextExtension(deadlines, times.now());
    }

    /** Plans what entered the horizon since the last extension; reschedules itself while the rule goes on. */
    @DeadlineHandler(deadlineName = HORIZON_DEADLINE)
    void extendHorizon(MaintenanceDue due, EffectiveTimePolicy times, SeriesHorizon horizon, DeadlineManager deadlines) {
        // Never earlier than the instant it was set for, whatever the clock says: the next one is a day after that.
        Instant now = latest(times.now(), due.scheduledAt());
        Instant until = now.plus(horizon.horizon());
        if (until.isAfter(plannedUntil)) {
            List<MaintenanceOccurrence> next = occurrences(seriesId, recurrence, windowSeconds, plannedUntil, until);
            if (!next.isEmpty()) {
                apply(new MaintenanceOccurrencesPlanned(seriesId, next, until));
            }
        }
        if (recurrence.continuesAfter(plannedUntil)) {
            scheduleNextExtension(deadlines, now);
        }
    }

    @EventSourcingHandler
    void on(MaintenanceSeriesPlanned event) {
        seriesId = event.seriesId();
        recurrence = new Recurrence(event.rrule(), event.timeZone(), event.firstScheduledFor());
        windowSeconds = event.windowSeconds();
    }

    @EventSourcingHandler
    void on(MaintenanceOccurrencesPlanned event) {
        plannedUntil = event.plannedUntil();
    }

    /**
     * The occurrences a new series plans within {@code until}, as its constructor computes them; the request that
     * plans the series schedules these at once, to answer with the first.
     */
    static List<MaintenanceOccurrence> firstOccurrences(PlanMaintenanceSeries command, Instant horizonEnd) {
        // The first window is always planned, however far ahead it lies.
        Instant until = latest(horizonEnd, command.firstScheduledFor());
        Recurrence rule = new Recurrence(command.rrule(), command.timeZone(), command.firstScheduledFor());
        long window = Duration.between(command.firstScheduledFor(), command.firstScheduledUntil()).toSeconds();
        return occurrences(command.seriesId(), rule, window, command.firstScheduledFor().minusNanos(1), until);
    }

    /** The id an occurrence is scheduled under: the series' id and its planned start, the same on every expansion. */
    static String occurrenceId(String seriesId, Instant scheduledFor) {
        return seriesId + "-" + OCCURRENCE_SUFFIX.format(scheduledFor);
    }

    private static List<MaintenanceOccurrence> occurrences(String seriesId, Recurrence rule, long windowSeconds,
                                                           Instant after, Instant until) {
        return rule.startsBetween(after, until).stream()
                .map(start -> new MaintenanceOccurrence(occurrenceId(seriesId, start), start,
                        start.plusSeconds(windowSeconds)))
                .toList();
    }

    private static void scheduleNextExtension(DeadlineManager deadlines, Instant now) {
        Instant next = now.plus(EXTEND_EVERY);
        deadlines.schedule(next, HORIZON_DEADLINE, new MaintenanceDue(next));
    }

    private static Instant latest(Instant a, Instant b) {
        return MaintenanceRules.latest(a, b);
    }
}
