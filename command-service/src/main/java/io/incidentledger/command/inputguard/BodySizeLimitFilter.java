package io.incidentledger.command.inputguard;

import io.incidentledger.web.Problems;
import org.springframework.web.ErrorResponseException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;


/**
 * Refuses a request body larger than {@link RequestLimits} allows with a 413, before anything parses it.
 * A declared {@code Content-Length} over the limit is refused unread. A body without one (chunked) is read
 * into memory up to one byte past the limit and refused when it gets there, so no client can stream an
 * endless body into the JSON parser; the bodies the API takes are small, and Jackson would hold them whole
 * anyway.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final RequestLimits limits;

    BodySizeLimitFilter(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limits.bodyBytesFor(request.getRequestURI());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit);
            return;
        }
        if (declared >= 0) {
            // Tomcat never hands the application more bytes than the declared length.
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (body.length > limit) {
            tooLarge(response, limit);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        ErrorResponseException tooLarge = Problems.refusal(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                "Request body too large",
                "the request body is larger than " + limit + " bytes, the limit for this endpoint");
        tooLarge.getBody().setProperty("maxBytes", limit);
        Problems.send(response, tooLarge);
    }
}
