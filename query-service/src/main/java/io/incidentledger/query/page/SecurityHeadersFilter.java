package io.incidentledger.query.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.incidentledger.query.caching.PublicHeaders;
import io.incidentledger.web.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The page shows text that commanders typed during an outage, so escaping alone is not trusted: a strict
 * Content-Security-Policy means that even an escaping bug could not run a script, load a stylesheet or
 * frame the page from elsewhere. Set on every response before the handler runs, so error pages carry it
 * too; JSON gains nothing from it and loses nothing either.
 */
@Component
@Order(FilterOrder.SECURITY_HEADERS)
class SecurityHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PublicHeaders.writePageHeaders(request, response);
        chain.doFilter(request, response);
    }

    /** Error dispatches go through the filter again, so a 404 or 500 page is covered as well. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
