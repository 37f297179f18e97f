package io.incidentledger.query.caching;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers every public answer carries, in one place: the page's filter writes them before any
 * handler runs, and the public documents' fast path, which answers before that filter and Spring Security, writes
 * the same ones (Spring Security's defaults included), so an answer is the same whichever path served it.
 */
public final class PublicHeaders {

    /**
     * The page shows text that commanders typed during an outage, so escaping alone is not trusted: even an
     * escaping bug could not run a script, load a stylesheet or frame the page from elsewhere.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private PublicHeaders() {
    }

    /** What the page's own filter sets on every answer. */
    public static void writePageHeaders(HttpServletRequest request, HttpServletResponse response) {
        // Swagger UI is a developer tool that needs inline styles and scripts; it is not part of the public page.
        if (!request.getRequestURI().startsWith("/swagger-ui")) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    }

    /** The page's headers and those Spring Security's header writer adds by default. */
    public static void writeAll(HttpServletRequest request, HttpServletResponse response) {
        writePageHeaders(request, response);
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    /**
     * Whether a GET or HEAD may take the fast path: no query (an {@code asOf} or a paging parameter goes the whole
     * way), no credentials (a bad token must still be refused by Spring Security), and an {@code Accept} that takes
     * {@code mediaType}.
     */
    public static boolean plainPublicRead(HttpServletRequest request, String mediaType) {
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method)) || request.getQueryString() != null
                || request.getHeader("Authorization") != null || request.getDispatcherType() != jakarta.servlet.DispatcherType.REQUEST) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String type = mediaType.substring(0, mediaType.indexOf('/'));
        for (String range : accept.split(",")) {
            String name = range.split(";")[0].strip();
            if (name.equals("*/*") || name.equals(type + "/*") || name.equals(mediaType)) {
                return !range.replace(" ", "").matches(".*;q=0(\\.0{0,3})?(;.*)?");
            }
        }
        return false;
    }

    /** Whether {@code If-None-Match} names one of {@code tags} (weak comparison, as RFC 9110 §13.1.2 says). */
    public static boolean notModified(String ifNoneMatch, String... tags) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*")) {
                return true;
            }
            for (String known : tags) {
                if (tag.equals(known)) {
                    return true;
                }
            }
        }
        return false;
    }
}
