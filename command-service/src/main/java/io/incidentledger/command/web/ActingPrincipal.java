package io.incidentledger.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;

/**
 * Who is acting: the name events carry as {@link Commands#ACTOR} and the scope of an {@code Idempotency-Key}.
 * Read from the request's authenticated principal, which is where Spring Security (or any servlet
 * authentication) puts it; until authentication exists there is none, and every command is anonymous.
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
