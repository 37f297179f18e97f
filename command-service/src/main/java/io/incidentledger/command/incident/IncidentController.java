package io.incidentledger.command.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.incidentledger.command.dispatch.Commands;
import io.incidentledger.command.dispatch.IfMatch;
import io.incidentledger.command.text.SingleLine;
import io.incidentledger.command.dispatch.VersionResponse;
import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps the incident commands of the REST contract onto {@link Incident}; rules live in the aggregate. */
@RestController
@RequestMapping(path = "/api/incidents", produces = "application/json")
class IncidentController {

    static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_COMPONENTS = 200;

    private final Commands commands;

    IncidentController(Commands commands) {
        this.commands = commands;
    }

    /**
     * A component's status in a request: either just the status ({@code "major_outage"}) or
     * {@code {"status": "partial_outage", "affectedFraction": 0.3}}.
     */
    record DeclarationRequest(
            @NotNull ComponentStatus status,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double affectedFraction) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        DeclarationRequest {
        }

        /** The short form; a String creator, so Jackson still uses the properties creator for objects. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static DeclarationRequest of(String status) {
            return new DeclarationRequest(ComponentStatus.fromWireName(status).orElseThrow(() ->
                    new IllegalArgumentException("must be one of: " + Arrays.stream(ComponentStatus.values())
                            .map(String::valueOf).collect(Collectors.joining(", ")))), null);
        }
    }

    record OpenRequest(
            @Pattern(regexp = ID) String id,
            @NotBlank @Size(max = 200) @SingleLine String title,
            @NotNull Impact impact,
            IncidentStatus status,
            @NotBlank @Size(max = 20_000) String message,
            Instant at,
            @Size(max = MAX_COMPONENTS) Map<@Size(max = 64) @SingleLine String, @NotNull @Valid DeclarationRequest> components) {
    }

    record UpdateRequest(
            @NotNull IncidentStatus status,
            @NotBlank @Size(max = 20_000) String message,
            Instant at,
            @Size(max = MAX_COMPONENTS) Map<@Size(max = 64) @SingleLine String, @NotNull @Valid DeclarationRequest> components) {
    }

    record ImpactRequest(@NotNull Impact impact) {
    }

    record ResolveRequest(@NotBlank @Size(max = 20_000) String message, Instant at) {
    }

    record ReopenRequest(
            @NotBlank @Size(max = 20_000) String message,
            Instant at,
            @Size(max = MAX_COMPONENTS) Map<@Size(max = 64) @SingleLine String, @NotNull @Valid DeclarationRequest> components) {
    }

    record PostmortemRequest(@NotBlank @Size(max = 200_000) String body) {
    }

    /** Over {@code [from, to)} the component really was {@code status}; {@code reason} says why the record was wrong. */
    record CorrectionRequest(
            @NotNull @Size(max = 64) @SingleLine String componentId,
            @NotNull ComponentStatus status,
            @NotNull Instant from,
            @NotNull Instant to,
            @NotBlank @Size(max = CorrectImpact.MAX_REASON_LENGTH) String reason) {
    }

    record UpdateResponse(String id, String updateId, long version) {
    }

    // @ResponseStatus only documents the 201 for OpenAPI (springdoc); the ResponseEntity sets it on the wire.
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<VersionResponse> open(@Valid @RequestBody OpenRequest request) {
        String id = request.id() != null ? request.id() : Commands.newId();
        long version = commands.create(new OpenIncident(id, request.title().strip(), request.impact(), request.status(),
                newUpdateId(), request.message(), request.at(), declarations(request.components())));
        return VersionResponse.created(URI.create("/api/incidents/" + id), id, version);
    }

    @PostMapping(path = "/{id}/updates", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<UpdateResponse> postUpdate(@PathVariable @Pattern(regexp = ID) String id,
                                              @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                              @Valid @RequestBody UpdateRequest request) {
        String updateId = newUpdateId();
        long version = commands.send(new PostUpdate(id, updateId, request.status(), request.message(), request.at(),
                declarations(request.components()), IfMatch.parse(ifMatch).version()));
        return ResponseEntity.created(URI.create("/api/incidents/" + id)).eTag(Long.toString(version))
                .body(new UpdateResponse(id, updateId, version));
    }

    @PostMapping(path = "/{id}/impact", consumes = "application/json")
    ResponseEntity<VersionResponse> changeImpact(@PathVariable @Pattern(regexp = ID) String id,
                                                 @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                                 @Valid @RequestBody ImpactRequest request) {
        return VersionResponse.ok(id, commands.send(new ChangeImpact(id, request.impact(),
                IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/resolve", consumes = "application/json")
    ResponseEntity<VersionResponse> resolve(@PathVariable @Pattern(regexp = ID) String id,
                                            @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                            @Valid @RequestBody ResolveRequest request) {
        return VersionResponse.ok(id, commands.send(new ResolveIncident(id, newUpdateId(), request.message(),
                request.at(), IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/reopen", consumes = "application/json")
    ResponseEntity<VersionResponse> reopen(@PathVariable @Pattern(regexp = ID) String id,
                                           @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                           @Valid @RequestBody ReopenRequest request) {
        return VersionResponse.ok(id, commands.send(new ReopenIncident(id, newUpdateId(), request.message(),
                request.at(), declarations(request.components()), IfMatch.parse(ifMatch).version())));
    }

    @PostMapping(path = "/{id}/postmortem", consumes = {"application/json"})
    ResponseEntity<VersionResponse> publishPostmortem(@PathVariable @Pattern(regexp = ID) String id,
                                                      @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                                      @Valid @RequestBody PostmortemRequest request) {
        return VersionResponse.ok(id, commands.send(new PublishPostmortem(id, request.body(),
                IfMatch.parse(ifMatch).version())));
    }

    /**
     * Answers with the correction's id and the incident's new version (also the ETag, for the next If-Match).
     * The Location is the incident, as for an update: a correction is read as part of the incident.
     */
    @PostMapping(path = "/{id}/corrections", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<VersionResponse> correctImpact(@PathVariable @Pattern(regexp = ID) String id,
                                                  @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                                  @Valid @RequestBody CorrectionRequest request) {
        String correctionId = Commands.newId();
        long version = commands.send(new CorrectImpact(id, correctionId, request.componentId(), request.status(),
                request.from(), request.to(), request.reason().strip(), IfMatch.parse(ifMatch).version()));
        return VersionResponse.created(URI.create("/api/incidents/" + id), correctionId, version);
    }

    private static List<ComponentDeclaration> declarations(Map<String, DeclarationRequest> components) {
        if (components == null) {
            return List.of();
        }
        return components.entrySet().stream()
                .map(e -> new ComponentDeclaration(e.getKey(), e.getValue().status(), e.getValue().affectedFraction()))
                .toList();
    }

    private static String newUpdateId() {
        return Commands.newId();
    }
}
