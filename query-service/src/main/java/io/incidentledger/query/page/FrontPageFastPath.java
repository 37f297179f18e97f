package io.incidentledger.query.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.incidentledger.query.caching.CacheProperties;
import io.incidentledger.query.caching.PublicHeaders;
import io.incidentledger.query.database.DatabaseUnavailableException;
import io.incidentledger.web.FilterOrder;

/**
 * The front page for a plain public read (no query, no credentials), answered from its one rendering before
 * anything else runs: the profile of the full path showed the page's bytes ready and the time spent in the
 * security chain (a public page has nothing to authorize), the dispatcher and the per-request metrics
 * observation. Anything else, and the first request after a change (which renders), takes the full path.
 * Counted in {@code incident_ledger.public.fast_path} rather than {@code http.server.requests}.
 */
@Component
@Order(FilterOrder.PUBLIC_DOCUMENTS)
class FrontPageFastPath extends OncePerRequestFilter {

    private final FrontPageCache frontPage;
    private final String cacheControl;
    private final Counter served;

    FrontPageFastPath(FrontPageCache frontPage, CacheProperties cache, MeterRegistry meters) {
        this.frontPage = frontPage;
        this.cacheControl = cache.cacheControl().getHeaderValue();
        this.served = Counter.builder("incident_ledger.public.fast_path").tag("document", "front")
                .description("Front-page answers served from memory before the filter chain").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getRequestURI().equals(request.getContextPath() + "/")
                && PublicHeaders.plainPublicRead(request, "text/html"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RenderedPage rendered;
        try {
            rendered = frontPage.renderedIfCurrent(frontPage.front());
        } catch (DatabaseUnavailableException nothingKnownYet) {
            rendered = null; // the full path answers with the "unavailable" page
        }
        if (rendered == null) {
            chain.doFilter(request, response);
            return;
        }
        PublicHeaders.writeAll(request, response);
        rendered.write(request, response, cacheControl);
        served.increment();
    }
}
