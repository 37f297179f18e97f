package io.incidentledger.command.maintenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.incidentledger.command.dispatch.CommandRejectedException;
import io.incidentledger.command.dispatch.Commands;
import io.incidentledger.command.dispatch.IfMatch;
import io.incidentledger.command.dispatch.VersionResponse;
import io.incidentledger.command.text.SingleLine;
import io.incidentledger.command.text.UntrustedText;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.MaintenanceOccurrence;
import io.incidentledger.events.MaintenanceStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps the maintenance commands of the REST contract (SPEC §7) onto {@link Maintenance}; rules live in the aggregate. */
@RestController
@RequestMapping(path = "/api/maintenances", produces = "application/json")
class MaintenanceController {

    static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_COMPONENTS = 200;

    private final Commands commands;
    private final Clock clock;
    private final SeriesHorizon horizon;

    MaintenanceController(Commands commands, Clock clock, SeriesHorizon horizon) {
        this.commands = commands;
        this.clock = clock;
        this.horizon = horizon;
    }

    /**
     * The components a maintenance takes down: a list of ids (each to {@code under_maintenance}) or a map of id to
     * status ({@code under_maintenance} or worse, which the aggregate checks).
     */
    record ComponentsRequest(List<ComponentDeclaration> declarations) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ComponentsRequest of(Object json) {
            List<ComponentDeclaration> declarations = new ArrayList<>();
            if (json instanceof List<?> ids) {
                for (Object id : ids) {
                    declarations.add(ComponentDeclaration.of(componentId(id), ComponentStatus.UNDER_MAINTENANCE));
                }
            } else if (json instanceof Map<?, ?> statuses) {
                statuses.forEach((id, status) -> declarations.add(ComponentDeclaration.of(componentId(id),
                        status instanceof String wire ? ComponentStatus.fromWireName(wire).orElseThrow(
                                () -> new IllegalArgumentException(notAStatus())) : failWith(notAStatus()))));
            } else {
                throw new IllegalArgumentException("must be a list of component ids or a map of id to status");
            }
            if (declarations.size() > MAX_COMPONENTS) {
                throw new IllegalArgumentException("at most " + MAX_COMPONENTS + " components");
            }
            if (declarations.stream().map(ComponentDeclaration::componentId).distinct().count() < declarations.size()) {
                throw new IllegalArgumentException("names a component twice");
            }
            return new ComponentsRequest(List.copyOf(declarations));
        }

        private static String componentId(Object id) {
            if (!(id instanceof String text) || text.isEmpty() || text.length() > 64) {
                throw new IllegalArgumentException("a component id is a string of 1 to 64 characters");
            }
            String problem = UntrustedText.problemInSingleLine(text);
            if (problem != null) {
                throw new IllegalArgumentException("component id " + problem);
            }
            return text;
        }

        private static String notAStatus() {
            return "a status must be one of: " + Arrays.stream(ComponentStatus.values())
                    .filter(s -> s != ComponentStatus.OPERATIONAL).map(String::valueOf).collect(Collectors.joining(", "));
        }

        private static ComponentStatus failWith(String message) {
            throw new IllegalArgumentException(message);
        }
    }

    /** RFC 5545 RRULE (e.g. {@code FREQ=WEEKLY;BYDAY=SU}) read in an IANA time zone. */
    record RecurrenceRequest(@NotBlank @Size(max = 500) @SingleLine String rrule,
                             @NotBlank @Size(max = 64) @SingleLine String timeZone) {
    }

    record ScheduleRequest(
            @Pattern(regexp = ID) String id,
            @NotBlank @Size(max = 200) @SingleLine String title,
            @NotBlank @Size(max = 20_000) String message,
            Instant at,
            @NotNull ComponentsRequest components,
            @NotNull Instant scheduledFor,
            @NotNull Instant scheduledUntil,
            Boolean autoStart,
            Boolean autoComplete,
            @Valid RecurrenceRequest recurrence) {
    }

    record RescheduleRequest(
            @Size(min = 1, max = 200) @SingleLine String title,
            ComponentsRequest components,
            Instant scheduledFor,
            Instant scheduledUntil) {
    }

    record TransitionRequest(@Size(max = 20_000) String message, Instant at) {
    }

    record UpdateRequest(@NotNull MaintenanceStatus status, @NotBlank @Size(max = 20_000) String message, Instant at) {
    }

    record CancelRequest(@Size(max = 20_000) String message) {
    }

    record UpdateResponse(String id, String updateId, long version) {
    }

    /** A recurring POST: the first occurrence (Location, id, version), its series and every occurrence planned now. */
    record SeriesResponse(String id, long version, String seriesId, List<String> occurrenceIds) {
    }

    // @ResponseStatus only documents the 201 for OpenAPI (springdoc); the ResponseEntity sets it on the wire.
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<?> schedule(@Valid @RequestBody ScheduleRequest request) {
        if (request.recurrence() != null) {
            return planSeries(request);
        }
        String id = request.id() != null ? request.id() : Commands.newId();
        long version = commands.create(new ScheduleMaintenance(id, request.title().strip(), Commands.newId(),
                request.message(), request.at(), request.components().declarations(), request.scheduledFor(),
                request.scheduledUntil(), flag(request.autoStart()), flag(request.autoComplete()), null));
        return VersionResponse.created(location(id), id, version);
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    ResponseEntity<VersionResponse> reschedule(@PathVariable @Pattern(regexp = ID) String id,
                                               @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                               @Valid @RequestBody RescheduleRequest request) {
        return VersionResponse.ok(id, commands.send(new RescheduleMaintenance(id,
                request.title() != null ? request.title().strip() : null,
                request.components() != null ? request.components().declarations() : null,
                request.scheduledFor(), request.scheduledUntil(), IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/start")
    ResponseEntity<VersionResponse> start(@PathVariable @Pattern(regexp = ID) String id,
                                          @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                          @Valid @RequestBody(required = false) TransitionRequest request) {
        TransitionRequest body = request != null ? request : new TransitionRequest(null, null);
        return VersionResponse.ok(id, commands.send(new StartMaintenance(id, Commands.newId(), body.message(),
                body.at(), IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/updates", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<UpdateResponse> postUpdate(@PathVariable @Pattern(regexp = ID) String id,
                                              @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                              @Valid @RequestBody UpdateRequest request) {
        String updateId = Commands.newId();
        long version = commands.send(new PostMaintenanceUpdate(id, updateId, request.status(), request.message(),
                request.at(), IfMatch.parse(ifMatch).version()));
        return ResponseEntity.created(location(id)).eTag(Long.toString(version))
                .body(new UpdateResponse(id, updateId, version));
    }

    @PostMapping(path = "/{id}/complete")
    ResponseEntity<VersionResponse> complete(@PathVariable @Pattern(regexp = ID) String id,
                                             @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                             @Valid @RequestBody(required = false) TransitionRequest request) {
        TransitionRequest body = request != null ? request : new TransitionRequest(null, null);
        return VersionResponse.ok(id, commands.send(new CompleteMaintenance(id, Commands.newId(), body.message(),
                body.at(), IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/cancel")
    ResponseEntity<VersionResponse> cancel(@PathVariable @Pattern(regexp = ID) String id,
                                           @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                           @Valid @RequestBody(required = false) CancelRequest request) {
        return VersionResponse.ok(id, commands.send(new CancelMaintenance(id, Commands.newId(),
                request != null ? request.message() : null, IfMatch.parse(ifMatch).version())));
    }

    /**
     * Plans the series, then schedules the occurrences it planned, so that the answer names a maintenance that
     * exists. The occurrence scheduler does the same from the series' events (at least once, idempotent by id):
     * whichever comes second meets existing ids, and a crash in between loses nothing.
     */
    private ResponseEntity<SeriesResponse> planSeries(ScheduleRequest request) {
        String seriesId = request.id() != null ? request.id() : Commands.newId();
        if (seriesId.length() > MaintenanceSeries.MAX_SERIES_ID_LENGTH) {
            throw CommandRejectedException.ruleViolated("id", "a recurring maintenance's id has at most "
                    + MaintenanceSeries.MAX_SERIES_ID_LENGTH + " characters (its occurrences' ids add their start)");
        }
        PlanMaintenanceSeries plan = new PlanMaintenanceSeries(seriesId, request.title().strip(), request.message(),
                request.at(), request.components().declarations(), request.recurrence().rrule(),
                request.recurrence().timeZone(), request.scheduledFor(), request.scheduledUntil(),
                flag(request.autoStart()), flag(request.autoComplete()));
        commands.create(plan);
        List<MaintenanceOccurrence> occurrences = MaintenanceSeries.firstOccurrences(plan,
                MaintenanceRules.latest(clock.instant(), request.at() != null ? request.at() : clock.instant())
                        .plus(horizon.horizon()));
        Instant at = request.at();
        for (MaintenanceOccurrence occurrence : occurrences) {
            try {
                commands.create(new ScheduleMaintenance(occurrence.maintenanceId(), plan.title(),
                        OccurrenceScheduler.announcementId(occurrence.maintenanceId()), plan.message(), at,
                        plan.components(), occurrence.scheduledFor(), occurrence.scheduledUntil(), plan.autoStart(),
                        plan.autoComplete(), seriesId));
            } catch (CommandRejectedException e) {
                if (e.reason() != CommandRejectedException.Reason.CONFLICT) {
                    throw e;
                }
                // Already scheduled by the occurrence scheduler: the same id, the same announcement.
            }
        }
        String first = occurrences.get(0).maintenanceId();
        return ResponseEntity.created(location(first)).eTag("0").body(new SeriesResponse(first, 0L, seriesId,
                occurrences.stream().map(MaintenanceOccurrence::maintenanceId).toList()));
    }

    private static boolean flag(Boolean value) {
        return value == null || value;
    }

    private static URI location(String id) {
        return URI.create("/api/maintenances/" + id);
    }
}
