package io.incidentledger.query.availability;

import io.incidentledger.query.AggregateVersion;
import io.incidentledger.query.availability.AvailabilityQueries.Downtime;
import io.incidentledger.query.availability.AvailabilityQueries.UptimeHistory;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.web.BadQueryException;
import io.incidentledger.query.web.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static io.incidentledger.query.web.QueryParameters.bounded;
import static io.incidentledger.query.web.QueryParameters.instant;
import static io.incidentledger.query.web.QueryParameters.optional;
import static io.incidentledger.query.web.QueryParameters.profile;
import static io.incidentledger.query.web.QueryParameters.zone;

@RestController
class AvailabilityController {

    private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final AvailabilityQueries availability;
    private final ComponentDirectory components;
    private final Clock clock;

    AvailabilityController(AvailabilityQueries availability, ComponentDirectory components, Clock clock) {
        this.availability = availability;
        this.components = components;
        this.clock = clock;
    }

    /** Without {@code from}/{@code to}: the 30 days up to now. */
    @GetMapping(path = "/api/downtime", produces = "application/json")
    Downtime downtime(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                      @RequestParam(required = false) String group, @RequestParam(required = false) String profile) {
        Instant toInstant = instant("to", to);
        Instant end = toInstant != null ? toInstant : clock.instant();
        Instant fromInstant = instant("from", from);
        Instant start = fromInstant != null ? fromInstant : end.minus(DEFAULT_WINDOW);
        if (!start.isBefore(end)) {
            throw new BadQueryException("from", "'from' must be before 'to'");
        }
        String groupName = optional(group);
        // A misspelt group would otherwise answer with nothing at all, which reads as "no downtime".
        if (groupName != null && components.active().stream().noneMatch(c -> groupName.equals(c.group()))) {
            throw new BadQueryException("group", "'group' names no group of active components: '" + groupName + "'");
        }
        return availability.downtime(new Window(start, end), groupName, profile(profile));
    }

    /** With the component's aggregate version in {@code version} and the {@code Aggregate-Version} header. */
    @GetMapping(path = "/api/components/{id}/uptime", produces = "application/json")
    ResponseEntity<UptimeHistory> uptime(@PathVariable String id, @RequestParam(defaultValue = "90") int days,
                         @RequestParam(required = false) String zone,
                         @RequestParam(required = false) String profile) {
        UptimeHistory uptime = availability.uptime(id, bounded("days", days, 1, 366), zone(zone), profile(profile))
                .orElseThrow(() -> new NotFoundException("no component with id '" + id + "'"));
        return AggregateVersion.ok(uptime, uptime.version());
    }
}
