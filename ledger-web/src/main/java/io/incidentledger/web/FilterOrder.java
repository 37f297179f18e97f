package io.incidentledger.web;

import org.springframework.core.Ordered;

/**
 * Where each servlet filter of either service runs, in one place, lowest first. The order is the argument: a
 * request is refused as cheaply as possible (an undecodable charset before its body is read, a body too large
 * before it is parsed), identified before it is counted (the write-rate limit runs after Spring Security, so a
 * client is its principal wherever it connects from), counted before it claims an Idempotency-Key (a throttled
 * request claims nothing), and cached last (the public read cache sees the final answer).
 */
public final class FilterOrder {

    /**
     * query-service: the public documents (the front page, the Statuspage JSON) answered from memory before any
     * other filter: a reader without credentials asking for ready bytes needs no security chain, no dispatcher and
     * no per-request metrics observation. It writes the security headers itself. The first place there is: Spring
     * Boot's {@code ServerHttpObservationFilter} is registered at {@code HIGHEST_PRECEDENCE + 1} (and its
     * {@code CharacterEncodingFilter}, which the fast paths do not need, at {@code HIGHEST_PRECEDENCE} too); at
     * {@code + 5} the observation wrapped every fast answer, a fifth of its CPU time in a JFR profile.
     */
    public static final int PUBLIC_DOCUMENTS = Ordered.HIGHEST_PRECEDENCE;
    /** query-service: security headers on every answer, errors included, so before anything can answer. */
    public static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE + 10;
    /** command-service: a charset nobody can decode is refused before anything reads the body. */
    public static final int REQUEST_CHARSET = Ordered.HIGHEST_PRECEDENCE + 15;
    /** command-service: the body size, before the body is buffered or parsed. */
    public static final int BODY_SIZE = Ordered.HIGHEST_PRECEDENCE + 20;
    /** Spring Security's filter chain: Spring Boot's {@code spring.security.filter.order} default. */
    public static final int SECURITY = -100;
    /** command-service: the per-client write rate, once the client is authenticated. */
    public static final int WRITE_RATE = SECURITY + 50;
    /** command-service: the Idempotency-Key, before the DispatcherServlet so it sees each final answer. */
    public static final int IDEMPOTENCY = 0;
    /** query-service: the public read cache, around the controllers only. */
    public static final int PUBLIC_READ_CACHE = Ordered.LOWEST_PRECEDENCE - 10;

    private FilterOrder() {
    }
}
