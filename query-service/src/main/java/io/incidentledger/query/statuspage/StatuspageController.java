package io.incidentledger.query.statuspage;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import io.incidentledger.query.caching.CacheProperties;
import io.incidentledger.query.statuspage.StatuspageDocuments.Document;

/**
 * The Atlassian Statuspage public API v2, so any client written for it works pointed at us. Answers are the
 * precomputed documents: bytes and ETag from memory, a 304 when the client already has them.
 */
@RestController
@RequestMapping("/api/v2")
class StatuspageController {

    private static final String PREFIX = "/api/v2/";

    private final StatuspageDocuments documents;
    private final CacheProperties cache;

    StatuspageController(StatuspageDocuments documents, CacheProperties cache) {
        this.documents = documents;
        this.cache = cache;
    }

    @GetMapping(path = {"/summary.json", "/status.json", "/components.json", "/incidents.json",
            "/incidents/unresolved.json", "/scheduled-maintenances.json", "/scheduled-maintenances/upcoming.json",
            "/scheduled-maintenances/active.json"})
    ResponseEntity<byte[]> document(HttpServletRequest request, WebRequest web) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length());
        Document document = documents.get(path);
        if (web.checkNotModified(document.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(document.etag())
                    .cacheControl(cache.cacheControl()).build();
        }
        return ResponseEntity.ok().eTag(document.etag()).cacheControl(cache.cacheControl())
                .contentType(MediaType.APPLICATION_JSON).body(document.body());
    }
}
