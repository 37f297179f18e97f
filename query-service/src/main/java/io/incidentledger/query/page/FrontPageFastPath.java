package io.incidentledger.query.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.incidentledger.query.caching.CacheProperties;
import io.incidentledger.query.caching.EncodedBody;
import io.incidentledger.query.caching.PublicHeaders;
import io.incidentledger.web.FilterOrder;

/**
 * The front page for a plain public read (no query, no credentials), answered from its one rendering before
 * anything else runs: the profile of the full path showed the page's bytes ready and the time spent in the
 * security chain (a public page has nothing to authorize), the dispatcher and the per-request metrics
 * observation. Anything else, and the first request after a change (which renders), takes the full path; while
 * it does, the others get the last rendering.
 * Counted in {@code incident_ledger.public.fast_path} rather than {@code http.server.requests}.
 */
@Component
@Order(FilterOrder.PUBLIC_DOCUMENTS)
class FrontPageFastPath extends OncePerRequestFilter {

    static final String HTML = "text/html;charset=UTF-8";

    private final FrontPageCache frontPage;
    private final String cacheControl;
    private final Counter served;
    /** Held by the one request refreshing the page through the full path. */
    private final ReentrantLock refreshing = new ReentrantLock();

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
        EncodedBody latest = frontPage.latestRendering();
        if (latest == null) {
            chain.doFilter(request, response); // the first request renders
            return;
        }
        if (!frontPage.latestRenderingIsCurrent() && refreshing.tryLock()) {
            // Something changed: this one request takes the full path, which rebuilds and renders the page; it is
            // answered the new page.
            try {
                chain.doFilter(request, response);
            } finally {
                refreshing.unlock();
            }
            return;
        }
        // Current, or being refreshed by another request right now: the last rendering, older by at most that one
        // refresh. Nobody waits behind a refresh, so a stream of commands cannot queue the crowd behind rebuilds.
        PublicHeaders.writeAll(request, response);
        latest.write(request, response, HTML, cacheControl);
        served.increment();
    }
}
