package io.incidentledger.command.inputguard;

import io.incidentledger.web.Problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.Charset;


/**
 * Refuses a {@code Content-Type} whose charset Java does not know ({@code charset=ut)f-8}) with a 415 before
 * Spring sees it. Spring would refuse the body too, but then decode the request path with that same charset
 * while writing its refusal, fail again, and fall back to a bare error without a problem detail (found by
 * {@code RequestToCommandFuzzTest}).
 */
final class RequestCharsetFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String charset = request.getCharacterEncoding();
        if (charset != null && !isSupported(charset)) {
            Problems.send(response, Problems.refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported Media Type", "the charset of the Content-Type is not one this API knows; send UTF-8"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            return false;
        }
    }
}
