package io.incidentledger.query.report;

import io.incidentledger.query.downtime.Window;
import io.incidentledger.query.report.ReliabilityReports.ReliabilityReport;
import io.incidentledger.query.report.UptimeReports.Level;
import io.incidentledger.query.report.UptimeReports.UptimeReport;
import io.incidentledger.query.web.BadQueryException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.incidentledger.query.web.QueryParameters.instant;
import static io.incidentledger.query.web.QueryParameters.optional;
import static io.incidentledger.query.web.QueryParameters.profile;

/** Reports for SLAs and reliability reviews: uptime tables (JSON or CSV) and incident response figures. */
@RestController
class ReportController {

    /** Twenty years of monthly rows per entity is an SLA history; more is a mistyped year. */
    static final long MAX_MONTHS = 240;

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final UptimeReports uptime;
    private final ReliabilityReports reliability;
    private final Clock clock;

    ReportController(UptimeReports uptime, ReliabilityReports reliability, Clock clock) {
        this.uptime = uptime;
        this.reliability = reliability;
        this.clock = clock;
    }

    // No "produces": a refused query must still get its problem detail, whichever of JSON or CSV was asked for.
    @GetMapping("/api/reports/uptime")
    ResponseEntity<?> uptime(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String profile,
                             @RequestParam(required = false) String level,
                             @RequestParam(required = false) String period,
                             @RequestParam(required = false) String format,
                             @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        Window window = window(from, to);
        Level parsedLevel = optional(level) == null ? Level.COMPONENT : Level.fromWireName(level)
                .orElseThrow(() -> new BadQueryException("level", "'level' must be one of: component, group, page"));
        boolean monthly = monthly(period);
        boolean csv = wantsCsv(format, accept);
        Instant now = clock.instant();
        if (!window.from().isBefore(now)) {
            throw new BadQueryException("from", "'from' must be in the past: none of the window has happened yet");
        }
        if (monthly && Months.count(new Window(window.from(), window.to().isAfter(now) ? now : window.to()))
                > MAX_MONTHS) {
            throw new BadQueryException("period", "'period=month' covers at most " + MAX_MONTHS + " months");
        }
        UptimeReport report = uptime.uptime(window, profile(profile), parsedLevel, monthly);
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(UptimeCsv.filename(report)).build().toString())
                .body(UptimeCsv.of(report).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping(path = "/api/reports/reliability", produces = MediaType.APPLICATION_JSON_VALUE)
    ReliabilityReport reliability(@RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to) {
        return reliability.reliability(window(from, to));
    }

    private static Window window(String from, String to) {
        Instant start = required("from", from);
        Instant end = required("to", to);
        if (!start.isBefore(end)) {
            throw new BadQueryException("from", "'from' must be before 'to'");
        }
        return new Window(start, end);
    }

    private static Instant required(String name, String value) {
        Instant parsed = instant(name, value);
        if (parsed == null) {
            throw new BadQueryException(name, "'" + name + "' is required: an ISO-8601 instant such as 2012-06-01T00:00:00Z");
        }
        return parsed;
    }

    private static boolean monthly(String period) {
        if (optional(period) == null) {
            return false;
        }
        if (!"month".equals(period)) {
            throw new BadQueryException("period", "'period' must be 'month', or left out for the whole window");
        }
        return true;
    }

    /**
     * {@code format} decides when given; otherwise the Accept header, by quality, the first listed winning a tie.
     * Anything that does not name CSV (no header, a wildcard, a header that does not parse) gets JSON.
     */
    static boolean wantsCsv(String format, String accept) {
        String given = optional(format);
        if (given != null) {
            return switch (given.toLowerCase(Locale.ROOT)) {
                case "json" -> false;
                case "csv" -> true;
                default -> throw new BadQueryException("format", "'format' must be one of: json, csv");
            };
        }
        if (optional(accept) == null) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        boolean csv = false;
        double best = 0.0;
        for (MediaType type : types) {
            boolean namesCsv = !type.isWildcardType() && type.includes(TEXT_CSV);
            boolean namesJson = type.includes(MediaType.APPLICATION_JSON);
            if ((namesCsv || namesJson) && type.getQualityValue() > best) {
                best = type.getQualityValue();
                csv = namesCsv;
            }
        }
        return csv;
    }
}
