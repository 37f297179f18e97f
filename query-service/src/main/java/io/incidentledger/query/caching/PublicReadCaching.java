package io.incidentledger.query.caching;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.incidentledger.web.FilterOrder;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Every public read path answers with a strong ETag (304 on a matching {@code If-None-Match}) and a
 * {@code Cache-Control} that lets any proxy or CDN in front serve it, also stale while we revalidate or are
 * down. The Statuspage documents and the front page come with their own precomputed tags; everything else is
 * tagged from its bytes
 * by Spring's {@link ShallowEtagHeaderFilter}. The live stream, the audit export and actuator are left alone:
 * they are neither cacheable nor buffered.
 */
@Configuration(proxyBeanMethods = false)
class PublicReadCaching {

    /** Prefixes of the paths this covers; "/" itself is the status page. */
    static final List<String> PUBLIC_PREFIXES = List.of("/api/status", "/api/incidents", "/api/downtime",
            "/api/components", "/api/maintenances", "/incidents", "/maintenances", "/history", "/days/", "/api/v2/");
    // "/history" covers /history.atom

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> publicReadEtags(CacheProperties cache) {
        String cacheControl = cache.cacheControl().getHeaderValue();
        ShallowEtagHeaderFilter filter = new ShallowEtagHeaderFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isPublicRead(request);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (path.startsWith("/api/v2/") || path.equals("/")) {
                    // Precomputed documents and the front page's one rendering: their controllers set ETag and
                    // Cache-Control; no buffering, no hashing per request.
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
                super.doFilterInternal(request, response, chain);
            }
        };
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setOrder(FilterOrder.PUBLIC_READ_CACHE);
        return registration;
    }

    static boolean isPublicRead(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/")) {
            return true;
        }
        if (path.startsWith("/api/stream") || path.startsWith("/api/audit") || path.startsWith("/actuator")) {
            return false;
        }
        // The auditor's read of an incident's or a maintenance's events: behind a credential, so never marked
        // public for a shared cache, which would hand it to the next reader without one.
        if ((path.startsWith("/api/incidents/") || path.startsWith("/api/maintenances/"))
                && path.endsWith("/history")) {
            return false;
        }
        return PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }
}
