package io.incidentledger.query.incident;

import io.incidentledger.query.AggregateVersion;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.incident.IncidentQueries.Filter;
import io.incidentledger.query.incident.IncidentQueries.State;
import io.incidentledger.query.incident.IncidentViews.IncidentDetail;
import io.incidentledger.query.incident.IncidentViews.IncidentDowntime;
import io.incidentledger.query.incident.IncidentViews.IncidentImpact;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.incident.IncidentViews.Page;
import io.incidentledger.query.web.BadQueryException;
import io.incidentledger.query.web.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Locale;

import static io.incidentledger.query.web.QueryParameters.bounded;
import static io.incidentledger.query.web.QueryParameters.instant;
import static io.incidentledger.query.web.QueryParameters.optional;

@RestController
@RequestMapping(path = "/api/incidents", produces = "application/json")
class IncidentController {

    private final IncidentQueries incidents;
    private final ComponentDirectory components;

    IncidentController(IncidentQueries incidents, ComponentDirectory components) {
        this.incidents = incidents;
        this.components = components;
    }

    @GetMapping
    Page<IncidentSummary> list(@RequestParam(defaultValue = "all") String state,
                               @RequestParam(required = false) String component,
                               @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "20") int size) {
        State parsed = switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> State.OPEN;
            case "resolved" -> State.RESOLVED;
            case "all" -> State.ALL;
            default -> throw new BadQueryException("state", "'state' must be one of: open, resolved, all");
        };
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new BadQueryException("from", "'from' must be before 'to'");
        }
        String componentId = optional(component);
        // Retired components still have their incidents; one never registered is a mistake in the query.
        if (componentId != null && components.find(componentId).isEmpty()) {
            throw new BadQueryException("component", "'component' names no component: '" + componentId + "'");
        }
        return incidents.list(new Filter(parsed, componentId, fromInstant, toInstant),
                bounded("page", page, 0, 100_000), bounded("size", size, 1, 100));
    }

    /** With the incident's aggregate version in {@code version} and the {@code Aggregate-Version} header. */
    @GetMapping("/{id}")
    ResponseEntity<IncidentDetail> find(@PathVariable String id) {
        IncidentDetail incident = incidents.find(id).orElseThrow(() -> unknown(id));
        return AggregateVersion.ok(incident, incident.version());
    }

    @GetMapping("/{id}/downtime")
    IncidentDowntime downtime(@PathVariable String id) {
        return incidents.downtime(id).orElseThrow(() -> unknown(id));
    }

    @GetMapping("/{id}/impact")
    IncidentImpact impact(@PathVariable String id) {
        return incidents.impact(id).orElseThrow(() -> unknown(id));
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException("no incident with id '" + id + "'");
    }
}
