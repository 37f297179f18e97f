package io.incidentledger.command.inputguard;

import io.incidentledger.command.text.UntrustedText;

import io.incidentledger.command.maintenance.CancelMaintenance;
import io.incidentledger.command.maintenance.CompleteMaintenance;
import io.incidentledger.command.maintenance.PlanMaintenanceSeries;
import io.incidentledger.command.maintenance.PostMaintenanceUpdate;
import io.incidentledger.command.maintenance.RescheduleMaintenance;
import io.incidentledger.command.maintenance.ScheduleMaintenance;
import io.incidentledger.command.maintenance.StartMaintenance;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.MaintenanceStatus;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every command that leaves a controller must satisfy, whatever the request looked like: the contract
 * the request records promise the aggregates. Checked by reflection over the command record, so a command
 * added later is held to the general rules (clean text, bounded sizes) without a change here.
 */
final class ValidCommands {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Fields shown on one line. */
    private static final Set<String> SINGLE_LINE = Set.of("title", "name", "group");
    /** Fields that may be absent (unchanged) but, when given, are never blank. */
    private static final Set<String> NAMED = Set.of("title", "name");
    /** Fields a command never carries blank or absent. */
    private static final Set<String> REQUIRED_TEXT = Set.of("title", "message", "body");
    /**
     * Fields a command may carry null although the general rules above would require them: what the REST contract
     * makes optional (a maintenance's transitions take a message if there is one; a reschedule keeps the title it
     * is not given; only an occurrence of a series names its series).
     */
    private static final Map<Class<?>, Set<String>> OPTIONAL = Map.of(
            RescheduleMaintenance.class, Set.of("title"),
            StartMaintenance.class, Set.of("message"),
            CompleteMaintenance.class, Set.of("message"),
            CancelMaintenance.class, Set.of("message"),
            ScheduleMaintenance.class, Set.of("seriesId"));
    private static final int MAX_TEXT = 200_000;
    private static final int MAX_DECLARATIONS = 200;
    /** Recurrence.MAX_OCCURRENCES_PER_HORIZON, and one more for a first window beyond the horizon. */
    private static final int MAX_OCCURRENCES = 101;

    private ValidCommands() {
    }

    static void assertValid(Object command) {
        assertThat(command.getClass().isRecord()).as("%s is a record", command.getClass()).isTrue();
        check(command, true);
        checkMaintenance(command);
        if (command instanceof ScheduleMaintenance schedule) {
            assertThat(schedule.seriesId()).as("a one-off maintenance belongs to no series").isNull();
        }
        assertThat(command).as("a series is planned by a request that then schedules its occurrences")
                .isNotInstanceOf(PlanMaintenanceSeries.class);
    }

    /**
     * The commands of one recurring POST: the plan, then at least its first occurrence, each an ordinary
     * maintenance of the series with the plan's title, message, components and window length, in order of start,
     * no more than the rule may make within a horizon.
     */
    static void assertValidSeries(List<Object> commands) {
        assertThat(commands).as("a plan and its occurrences").hasSizeBetween(2, 2 + MAX_OCCURRENCES);
        PlanMaintenanceSeries plan = (PlanMaintenanceSeries) commands.get(0);
        check(plan, true);
        checkMaintenance(plan);
        assertThat(plan.rrule()).as("PlanMaintenanceSeries.rrule").isNotBlank();
        assertThat(plan.timeZone()).as("PlanMaintenanceSeries.timeZone").isIn(ZoneId.getAvailableZoneIds());
        Duration window = Duration.between(plan.firstScheduledFor(), plan.firstScheduledUntil());
        Instant previous = null;
        for (Object command : commands.subList(1, commands.size())) {
            assertThat(command).as("an occurrence").isInstanceOf(ScheduleMaintenance.class);
            ScheduleMaintenance occurrence = (ScheduleMaintenance) command;
            check(occurrence, true);
            checkMaintenance(occurrence);
            assertThat(occurrence.seriesId()).as("ScheduleMaintenance.seriesId").isEqualTo(plan.seriesId());
            assertThat(occurrence.maintenanceId()).as("an occurrence's id").startsWith(plan.seriesId() + "-");
            assertThat(List.of(occurrence.title(), occurrence.message(), occurrence.components()))
                    .as("an occurrence of %s", plan.seriesId())
                    .isEqualTo(List.of(plan.title(), plan.message(), plan.components()));
            assertThat(Duration.between(occurrence.scheduledFor(), occurrence.scheduledUntil()))
                    .as("an occurrence's window").isEqualTo(window);
            if (previous == null) {
                assertThat(occurrence.scheduledFor()).as("the first occurrence").isEqualTo(plan.firstScheduledFor());
            } else {
                assertThat(occurrence.scheduledFor()).as("occurrences in order").isAfter(previous);
            }
            previous = occurrence.scheduledFor();
        }
    }

    /**
     * A maintenance command's own rules: a window it carries whole is well-formed, every component goes down whole
     * (no affected fraction, a status), and an update moves the window on (in_progress or verifying).
     */
    private static void checkMaintenance(Object command) {
        if (command instanceof ScheduleMaintenance schedule) {
            assertWindow(schedule.scheduledFor(), schedule.scheduledUntil());
            assertDownWhole(schedule.components());
        } else if (command instanceof PlanMaintenanceSeries plan) {
            assertWindow(plan.firstScheduledFor(), plan.firstScheduledUntil());
            assertDownWhole(plan.components());
        } else if (command instanceof RescheduleMaintenance reschedule) {
            if (reschedule.scheduledFor() != null && reschedule.scheduledUntil() != null) {
                assertWindow(reschedule.scheduledFor(), reschedule.scheduledUntil());
            }
            if (reschedule.components() != null) {
                assertDownWhole(reschedule.components());
            }
        } else if (command instanceof PostMaintenanceUpdate update) {
            assertThat(update.status()).as("PostMaintenanceUpdate.status")
                    .isIn(MaintenanceStatus.IN_PROGRESS, MaintenanceStatus.VERIFYING);
        }
    }

    private static void assertWindow(Instant scheduledFor, Instant scheduledUntil) {
        assertThat(scheduledFor).as("scheduledFor").isNotNull();
        assertThat(scheduledUntil).as("scheduledUntil").isNotNull().isAfter(scheduledFor);
    }

    private static void assertDownWhole(List<ComponentDeclaration> components) {
        components.forEach(declaration -> {
            assertThat(declaration.status()).as("status of %s", declaration.componentId()).isNotNull();
            assertThat(declaration.affectedFraction()).as("affectedFraction of %s", declaration.componentId()).isNull();
        });
    }

    private static void check(Object record, boolean topLevel) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String name = component.getName();
            Object value = read(record, component);
            String where = record.getClass().getSimpleName() + "." + name;
            if (value instanceof String text) {
                assertThat(UntrustedText.problemInText(text)).as("%s = %s", where, text).isNull();
                assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(MAX_TEXT);
                if (topLevel && name.endsWith("Id")) {
                    assertThat(text).as(where).matches(ID);
                }
                if (!topLevel && name.endsWith("Id")) {
                    assertThat(UntrustedText.problemInSingleLine(text)).as("%s = %s", where, text).isNull();
                    assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(64);
                }
                if (SINGLE_LINE.contains(name)) {
                    assertThat(UntrustedText.problemInSingleLine(text)).as("%s = %s", where, text).isNull();
                    assertThat(text.length()).as("length of %s", where).isLessThanOrEqualTo(200);
                }
                if (NAMED.contains(name)) {
                    assertThat(text).as("%s, when given", where).isNotBlank();
                }
            }
            if (value == null && OPTIONAL.getOrDefault(record.getClass(), Set.of()).contains(name)) {
                continue;
            }
            if (REQUIRED_TEXT.contains(name)) {
                assertThat(value).as(where).isInstanceOf(String.class);
                assertThat((String) value).as(where).isNotBlank();
            }
            if (name.endsWith("Id") && topLevel) {
                assertThat(value).as(where).isNotNull();
            }
            if ("impact".equals(name) || ("status".equals(name) && !topLevel)) {
                assertThat(value).as(where).isNotNull();
            }
            if ("affectedFraction".equals(name) && value != null) {
                assertThat((Double) value).as(where).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
            }
            if ("position".equals(name) && value != null) {
                assertThat((Integer) value).as(where).isBetween(0, 1_000_000);
            }
            if (value instanceof Collection<?> items) {
                assertThat(items.size()).as("size of %s", where).isLessThanOrEqualTo(MAX_DECLARATIONS);
                items.forEach(item -> {
                    assertThat(item).as("element of %s", where).isNotNull();
                    if (item.getClass().isRecord()) {
                        check(item, false);
                    }
                });
            }
            if (value != null && value.getClass().isRecord()) {
                check(value, false);
            }
        }
    }

    private static Object read(Object record, RecordComponent component) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
