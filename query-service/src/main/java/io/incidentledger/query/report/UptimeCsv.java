package io.incidentledger.query.report;

import io.incidentledger.events.ComponentStatus;
import io.incidentledger.query.report.UptimeReports.UptimeReport;
import io.incidentledger.query.report.UptimeReports.UptimeRow;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The uptime report as a spreadsheet reads it: one header row, then one row per entity and period. The last column,
 * {@code retired_at}, is empty but for a component since retired.
 */
final class UptimeCsv {

    static final List<String> HEADER = List.of("period", "from", "to", "level", "id", "name", "group",
            "window_seconds", "major_outage_seconds", "partial_outage_seconds", "degraded_performance_seconds",
            "under_maintenance_seconds", "impacted_seconds", "uptime_percent", "retired_at");

    /** Colons are not allowed in file names everywhere; the basic ISO form has none. */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private UptimeCsv() {
    }

    static String of(UptimeReport report) {
        Csv csv = new Csv().row(HEADER);
        for (UptimeRow row : report.rows()) {
            csv.row(row.period(), row.from().toString(), row.to().toString(), row.level(), row.id(), row.name(),
                    row.group(), row.windowSeconds(), row.seconds().get(ComponentStatus.MAJOR_OUTAGE.toString()),
                    row.seconds().get(ComponentStatus.PARTIAL_OUTAGE.toString()),
                    row.seconds().get(ComponentStatus.DEGRADED_PERFORMANCE.toString()),
                    row.seconds().get(ComponentStatus.UNDER_MAINTENANCE.toString()), row.impactedSeconds(),
                    Csv.decimal(row.uptimePercent(), 4), row.retiredAt() == null ? null : row.retiredAt().toString());
        }
        return csv.toString();
    }

    static String filename(UptimeReport report) {
        return "uptime-" + report.level() + (report.period() == null ? "" : "-by-" + report.period()) + "-"
                + FILE_TIME.format(report.from()) + "-" + FILE_TIME.format(report.to()) + ".csv";
    }
}
