package io.incidentledger.command.component;

import io.incidentledger.command.dispatch.Commands;
import io.incidentledger.command.dispatch.IfMatch;
import io.incidentledger.command.text.SingleLine;
import io.incidentledger.command.dispatch.VersionResponse;
import io.incidentledger.events.component.ComponentRegistered;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping(path = "/api/components", produces = "application/json")
class ComponentController {

    static final String SLUG = "[a-z0-9][a-z0-9-]{0,63}";

    private final Commands commands;

    ComponentController(Commands commands) {
        this.commands = commands;
    }

    /** {@code showcase} (default true) and {@code onlyShowIfDegraded} (default false) are Statuspage's display flags. */
    record RegisterRequest(
            @NotNull @Pattern(regexp = SLUG, message = "must be a slug: lowercase letters, digits and '-', 1-64 characters, not starting with '-'") String id,
            @NotBlank @Size(max = 100) @SingleLine String name,
            @Size(max = 100) @SingleLine String group,
            @Size(max = 2000) String description,
            @PositiveOrZero @Max(1_000_000) Integer position,
            Boolean showcase,
            Boolean onlyShowIfDegraded) {
    }

    /** Absent fields stay as they are; an empty {@code group} or {@code description} clears it. */
    record UpdateRequest(
            @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @SingleLine String name,
            @Size(max = 100) @SingleLine String group,
            @Size(max = 2000) String description,
            @PositiveOrZero @Max(1_000_000) Integer position) {
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<VersionResponse> register(@Valid @RequestBody RegisterRequest request) {
        long version = commands.create(new RegisterComponent(request.id(), request.name().strip(), request.group(),
                request.description(), request.position() != null ? request.position() : 0,
                request.showcase() != null ? request.showcase() : ComponentRegistered.DEFAULT_SHOWCASE,
                request.onlyShowIfDegraded() != null ? request.onlyShowIfDegraded()
                        : ComponentRegistered.DEFAULT_ONLY_SHOW_IF_DEGRADED));
        return VersionResponse.created(URI.create("/api/components/" + request.id()), request.id(), version);
    }

    @PatchMapping(path = "/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<VersionResponse> update(@PathVariable @Pattern(regexp = SLUG) String id,
                                           @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch,
                                           @Valid @RequestBody UpdateRequest request) {
        long version = commands.send(new UpdateComponent(id, request.name() != null ? request.name().strip() : null,
                request.group(), request.description(), request.position(), IfMatch.parse(ifMatch).version()));
        return VersionResponse.ok(id, version);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> retire(@PathVariable @Pattern(regexp = SLUG) String id,
                                @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        long version = commands.send(new RetireComponent(id, IfMatch.parse(ifMatch).version()));
        return ResponseEntity.noContent().eTag(Long.toString(version)).build();
    }
}
