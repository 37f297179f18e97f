package io.incidentledger.command.dispatch;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;

/**
 * Who is acting: the name events carry as {@link Commands#ACTOR} and the scope of an {@code Idempotency-Key}.
 * Read from the request's authenticated principal, where Spring Security puts the API token's name or the
 * JWT's subject. The security chain lets no command through unauthenticated, so {@link #ANONYMOUS} only shows
 * for a command sent from outside a request.
 */
public final class ActingPrincipal {

    public static final String ANONYMOUS = "anonymous";

    private ActingPrincipal() {
    }

    public static String of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null && principal.getName() != null && !principal.getName().isBlank()
                ? principal.getName() : ANONYMOUS;
    }

    /** The principal of the request this thread is serving; {@link #ANONYMOUS} outside a request. */
    public static String current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? of(attributes.getRequest()) : ANONYMOUS;
    }
}
