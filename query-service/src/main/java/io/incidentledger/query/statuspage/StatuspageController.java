package io.incidentledger.query.statuspage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.query.caching.CacheProperties;

/**
 * The Atlassian Statuspage public API v2, so any client written for it works pointed at us. Answers are the
 * precomputed documents: bytes and ETag from memory, a 304 when the client already has them.
 */
@RestController
@RequestMapping("/api/v2")
class StatuspageController {

    static final String JSON = "application/json";
    private static final String PREFIX = "/api/v2/";

    private final StatuspageDocuments documents;
    private final CacheProperties cache;

    StatuspageController(StatuspageDocuments documents, CacheProperties cache) {
        this.documents = documents;
        this.cache = cache;
    }

    @GetMapping(path = {"/summary.json", "/status.json", "/components.json", "/incidents.json",
            "/incidents/unresolved.json", "/scheduled-maintenances.json", "/scheduled-maintenances/upcoming.json",
            "/scheduled-maintenances/active.json"}, produces = JSON)
    void document(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length());
        // The fast path's writer: the same validators, encoding and bytes, whichever path took the request.
        documents.get(path).write(request, response, JSON, cache.cacheControl().getHeaderValue());
    }
}
