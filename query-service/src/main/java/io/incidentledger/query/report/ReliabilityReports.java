package io.incidentledger.query.report;

import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceComponent;
import io.incidentledger.query.report.Reliability.IncidentFigures;
import io.incidentledger.query.report.Reliability.Summary;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The reliability report: per incident that started in the window, and the window's means and medians. Scheduled
 * maintenance is listed apart: planned work is neither a failure nor a detection or a resolution, so it counts in
 * none of the incident figures.
 */
@Service
class ReliabilityReports {

    /**
     * A maintenance of the window: planned ({@code scheduledFor}/{@code scheduledUntil}) and, once it ran, actual
     * ({@code startedAt}/{@code completedAt}, effective times); {@code durationSeconds} how long it ran (to now while
     * it runs), {@code overrunSeconds} how far it ran past its planned end.
     */
    record MaintenanceFigures(String id, String title, String status, Instant scheduledFor, Instant scheduledUntil,
                              Instant startedAt, Instant completedAt, long durationSeconds, long overrunSeconds,
                              List<String> components) {
    }

    record ReliabilityReport(Instant from, Instant to, Summary summary, List<IncidentFigures> incidents,
                             List<MaintenanceFigures> maintenances) {
    }

    private final IncidentQueries incidents;
    private final MaintenanceQueries maintenances;

    ReliabilityReports(IncidentQueries incidents, MaintenanceQueries maintenances) {
        this.incidents = incidents;
        this.maintenances = maintenances;
    }

    /** Incidents are those that started in the window, so consecutive windows never count one twice. */
    ReliabilityReport reliability(Window window) {
        List<IncidentFigures> figures = incidents.startedIn(window).stream()
                .map(i -> Reliability.figures(i.id(), i.title(), i.impact(), i.status(), i.timeline().startedAt(),
                        i.openingRecordedAt(), i.timeline().resolvedAt(), i.timeline().customerImpactSeconds()))
                .toList();
        // Those that began in the window (or, not begun, were planned to): consecutive windows never list one twice.
        List<MaintenanceFigures> planned = maintenances.within(window).stream()
                .map(m -> new MaintenanceFigures(m.id(), m.title(), m.status(), m.scheduledFor(), m.scheduledUntil(),
                        m.startedAt(), m.completedAt(), m.durationSeconds(),
                        overrun(m.scheduledUntil(), m.startedAt(), m.durationSeconds()),
                        m.components().stream().map(MaintenanceComponent::componentId).toList()))
                .toList();
        return new ReliabilityReport(window.from(), window.to(), Reliability.summarize(figures), figures, planned);
    }

    private static long overrun(Instant scheduledUntil, Instant startedAt, long ranSeconds) {
        return startedAt == null ? 0
                : Math.max(0, Duration.between(scheduledUntil, startedAt.plusSeconds(ranSeconds)).toSeconds());
    }
}
