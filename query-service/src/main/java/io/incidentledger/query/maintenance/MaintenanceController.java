package io.incidentledger.query.maintenance;

import static io.incidentledger.query.web.QueryParameters.bounded;

import java.util.Locale;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.query.AggregateVersion;
import io.incidentledger.query.maintenance.MaintenanceQueries.State;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceDetail;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceSummary;
import io.incidentledger.query.maintenance.MaintenanceViews.Page;
import io.incidentledger.query.web.BadQueryException;
import io.incidentledger.query.web.NotFoundException;

@RestController
@RequestMapping(path = "/api/maintenances", produces = "application/json")
class MaintenanceController {

    private final MaintenanceQueries maintenances;

    MaintenanceController(MaintenanceQueries maintenances) {
        this.maintenances = maintenances;
    }

    /** {@code state}: upcoming (soonest first), active, past or all (latest scheduled first, the default). */
    @GetMapping
    Page<MaintenanceSummary> list(@RequestParam(defaultValue = "all") String state,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "20") int size) {
        State parsed = switch (state.toLowerCase(Locale.ROOT)) {
            case "upcoming" -> State.UPCOMING;
            case "active" -> State.ACTIVE;
            case "past" -> State.PAST;
            case "all" -> State.ALL;
            default -> throw new BadQueryException("state", "'state' must be one of: upcoming, active, past, all");
        };
        return maintenances.list(parsed, bounded("page", page, 0, 100_000), bounded("size", size, 1, 100));
    }

    /** With the maintenance's aggregate version in {@code version} and the {@code Aggregate-Version} header. */
    @GetMapping("/{id}")
    ResponseEntity<MaintenanceDetail> find(@PathVariable String id) {
        MaintenanceDetail maintenance = maintenances.find(id)
                .orElseThrow(() -> new NotFoundException("no maintenance with id '" + id + "'"));
        return AggregateVersion.ok(maintenance, maintenance.version());
    }
}
