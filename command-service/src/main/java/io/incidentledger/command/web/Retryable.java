package io.incidentledger.command.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Marks a refusal that is not the command's final outcome: it lost a race for the same aggregate version, and
 * the same request sent again may well succeed. An {@code Idempotency-Key} must not pin such an answer, or the
 * retry it invites would be refused forever.
 */
public final class Retryable {

    private static final String ATTRIBUTE = Retryable.class.getName();

    private Retryable() {
    }

    static void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    public static boolean isMarked(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ATTRIBUTE));
    }
}
