package io.incidentledger.query.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import io.incidentledger.query.web.BadQueryException;
import io.incidentledger.query.web.NotFoundException;

/** The recorded history, for auditors: per incident, per maintenance, and the whole store for export. */
@RestController
class AuditController {

    static final int MAX_EXPORT = 10_000;

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditController(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @GetMapping(path = "/api/incidents/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AuditEvent> history(@PathVariable String id) {
        List<AuditEvent> events = trail.history(id);
        if (events.isEmpty() || !events.get(0).type().startsWith("Incident")) {
            throw new NotFoundException("no incident " + id);
        }
        return events;
    }

    @GetMapping(path = "/api/maintenances/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AuditEvent> maintenanceHistory(@PathVariable String id) {
        List<AuditEvent> events = trail.history(id);
        if (events.isEmpty() || !events.get(0).type().startsWith("Maintenance")) {
            throw new NotFoundException("no maintenance " + id);
        }
        return events;
    }

    /**
     * Every event after {@code after} (a position; -1, the default, for the beginning) in global order, one JSON
     * object per line. To export everything, call again with {@code after} = the last line's {@code position}
     * until a page comes back shorter than {@code limit}.
     */
    // No "produces": a refused query must still get its problem detail, whatever the client accepts.
    @GetMapping(path = "/api/audit/events")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "-1") long after,
                                                 @RequestParam(defaultValue = "1000") int limit) {
        if (after < -1) {
            throw new BadQueryException("after", "'after' must be a position (0 or more), or -1 for the beginning");
        }
        if (limit < 1 || limit > MAX_EXPORT) {
            throw new BadQueryException("limit", "'limit' must be between 1 and " + MAX_EXPORT);
        }
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            trail.export(after, limit, event -> {
                try {
                    writer.write(json.writeValueAsString(event));
                    writer.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }
}
