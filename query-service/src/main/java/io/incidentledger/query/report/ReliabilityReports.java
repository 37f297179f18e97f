package io.incidentledger.query.report;

import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.report.Reliability.IncidentFigures;
import io.incidentledger.query.report.Reliability.Summary;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/** The reliability report: per incident that started in the window, and the window's means and medians. */
@Service
class ReliabilityReports {

    record ReliabilityReport(Instant from, Instant to, Summary summary, List<IncidentFigures> incidents) {
    }

    private final IncidentQueries incidents;

    ReliabilityReports(IncidentQueries incidents) {
        this.incidents = incidents;
    }

    /** Incidents are those that started in the window, so consecutive windows never count one twice. */
    ReliabilityReport reliability(Window window) {
        List<IncidentFigures> figures = incidents.startedIn(window).stream()
                .map(i -> Reliability.figures(i.id(), i.title(), i.impact(), i.status(), i.timeline().startedAt(),
                        i.openingRecordedAt(), i.timeline().resolvedAt(), i.timeline().customerImpactSeconds()))
                .toList();
        return new ReliabilityReport(window.from(), window.to(), Reliability.summarize(figures), figures);
    }
}
