package io.incidentledger.query.statuspage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

import io.incidentledger.query.caching.CacheProperties;
import io.incidentledger.query.caching.EncodedBody;
import io.incidentledger.query.caching.PublicHeaders;
import io.incidentledger.query.database.DatabaseUnavailableException;
import io.incidentledger.web.FilterOrder;

/**
 * The Statuspage documents for a plain public read (no query, no credentials), answered from memory before
 * anything else runs, exactly as {@link StatuspageController} answers them: the same bytes, ETag, Cache-Control
 * and headers, without the security chain, the dispatcher and the per-request observation. Anything else takes the
 * full path. Counted in {@code incident_ledger.public.fast_path}.
 */
@Component
@Order(FilterOrder.PUBLIC_DOCUMENTS)
class StatuspageFastPath extends OncePerRequestFilter {

    private static final String PREFIX = "/api/v2/";
    private static final Set<String> DOCUMENTS = Set.of("summary.json", "status.json", "components.json",
            "incidents.json", "incidents/unresolved.json", "scheduled-maintenances.json",
            "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json");

    private final StatuspageDocuments documents;
    private final String cacheControl;
    private final Counter served;

    StatuspageFastPath(StatuspageDocuments documents, CacheProperties cache, MeterRegistry meters) {
        this.documents = documents;
        this.cacheControl = cache.cacheControl().getHeaderValue();
        this.served = Counter.builder("incident_ledger.public.fast_path").tag("document", "statuspage")
                .description("Statuspage documents served from memory before the filter chain").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(DOCUMENTS.contains(path(request)) && PublicHeaders.plainPublicRead(request, "application/json"));
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + PREFIX;
        return uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EncodedBody document;
        // The documents' links start from the address this request reached us at, which PublicUrl reads from the
        // request context: set here, as the full path's RequestContextFilter would.
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
        try {
            document = documents.get(path(request));
        } catch (DatabaseUnavailableException nothingKnownYet) {
            document = null; // the full path answers with the problem
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        if (document == null) {
            chain.doFilter(request, response);
            return;
        }
        PublicHeaders.writeAll(request, response);
        document.write(request, response, StatuspageController.JSON, cacheControl);
        served.increment();
    }
}
