package io.incidentledger.command.idempotency;

import io.incidentledger.command.idempotency.IdempotencyKeys.Claimed;
import io.incidentledger.command.idempotency.IdempotencyKeys.Entry;
import io.incidentledger.command.idempotency.IdempotencyKeys.ScopedKey;
import io.incidentledger.command.idempotency.IdempotencyKeys.Taken;
import io.incidentledger.command.problem.DatabaseProblems;
import io.incidentledger.web.Problems;
import io.incidentledger.command.dispatch.ActingPrincipal;
import io.incidentledger.command.dispatch.Commands;
import io.incidentledger.command.inputguard.BufferedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * {@code Idempotency-Key} for every command request (POST, PUT, PATCH, DELETE under {@code /api}), whatever its
 * controller: a retry with the same key and the same request gets the first answer again (status,
 * {@code Location}, {@code ETag}, body, and {@code Idempotent-Replayed: true}) and changes nothing.
 *
 * <p>No transaction spans the request. The key is claimed by one short insert that commits at once; the
 * command's own unit of work marks the claim as acted on in the transaction that appends its events (see
 * {@link IdempotencyClaimInterceptors}), so the key says "acted" exactly when the events exist and a request
 * that outlived its claim cannot act at all; the answer is then recorded by one short update, before it is sent,
 * so a retry that follows a 2xx is replayed.
 *
 * <p>Recorded: 2xx answers, and 4xx refusals (the request was judged and refused; nothing was appended). Not
 * recorded: 5xx answers, after which the claim is released and a retry runs the command again.
 *
 * <p>The same key with another method, path or body: 422. The same key while its first request still runs, on
 * this instance or another: 409 at once, never a wait. A request that died (kill -9) before acting leaves a claim
 * that a retry takes over once {@code incident-ledger.idempotency.claim-timeout} has passed; one that died after
 * its command committed but before its answer was recorded leaves an acted claim with no answer, which the next
 * retry rebuilds (see {@link #rebuildLostAnswer}).
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** The request attribute holding this request's {@link ActiveClaim}, read when its commands are dispatched. */
    static final String CLAIM_ATTRIBUTE = IdempotencyFilter.class.getName() + ".claim";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Bodies beyond this are refused when keyed: the whole body is held in memory to fingerprint it. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** The key this request holds, and the token that proves it holds it. */
    record ActiveClaim(ScopedKey key, String token) {
    }

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock, JsonMapper json) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !COMMAND_METHODS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var values = Collections.list(request.getHeaders(HEADER));
        String key = values.get(0);
        if (values.size() > 1 || !VALID_KEY.matcher(key).matches()) {
            refuse(request, response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    "Idempotency-Key must be one value of 1 to 255 visible ASCII characters (no spaces)");
            return;
        }
        // A chunked body was already read (and measured) by the body-size limit: fingerprint those bytes.
        byte[] buffered = BufferedBodyRequest.bufferedBodyOf(request);
        byte[] body = buffered != null ? buffered : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                    "a request with an Idempotency-Key may carry at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        ScopedKey scoped = new ScopedKey(ActingPrincipal.of(request), key);
        String fingerprint = RequestFingerprint.of(request.getMethod(), pathOf(request), body);

        IdempotencyKeys.Claim claim;
        try {
            Instant now = clock.instant();
            claim = keys.claim(scoped, fingerprint, now, now.plus(properties.claimTimeout()),
                    now.plus(properties.retention()));
        } catch (RuntimeException e) {
            answerFailure(e, request, response);
            return;
        }
        HttpServletRequest replayable = buffered != null ? request : new BufferedBodyRequest(request, body);
        if (claim instanceof Taken taken) {
            if (taken.entry().isPresent() && taken.entry().get().fingerprint().equals(fingerprint)
                    && taken.entry().get().acted() && taken.entry().get().response() == null) {
                rebuildLostAnswer(scoped, taken.entry().get(), replayable, response, chain);
            } else {
                answerTaken(taken.entry(), fingerprint, request, response);
            }
            return;
        }
        String token = ((Claimed) claim).token();
        request.setAttribute(CLAIM_ATTRIBUTE, new ActiveClaim(scoped, token));
        request.setAttribute(Commands.ID_SEED_ATTRIBUTE, token);
        runOnce(scoped, token, replayable, response, chain);
    }

    /**
     * The key's command acted, but no answer was recorded: its request died between the commit and the record
     * (or is just recording it). The request is run again without acting: the ids it names derive from the claim
     * as before, the command is not sent, and its recorded outcome stands in for the result, so the controller
     * builds the answer the first run would have sent. That is safe at any time, even while the first run is
     * still alive, and the first answer recorded wins.
     */
    private void rebuildLostAnswer(ScopedKey scoped, Entry acted, HttpServletRequest request,
                                   HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(Commands.ID_SEED_ATTRIBUTE, acted.token());
        request.setAttribute(Commands.RECORDED_OUTCOME_ATTRIBUTE, acted.actedVersion() != null ? acted.actedVersion() : 0L);
        var captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, captured);
        int status = captured.getStatus();
        if (status >= 200 && status < 300) {
            try {
                keys.record(scoped, acted.token(), recordedFrom(captured));
            } catch (RuntimeException e) {
                log.warn("could not record a rebuilt answer to an Idempotency-Key: {}", e.toString());
            }
            // What the retry gets is the first run's outcome, not a new one.
            captured.setHeader(REPLAYED_HEADER, "true");
        }
        captured.copyBodyToResponse();
    }

    private void runOnce(ScopedKey scoped, String token, HttpServletRequest request, HttpServletResponse response,
                         FilterChain chain) throws ServletException, IOException {
        var captured = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, captured);
        } catch (ServletException | IOException | RuntimeException | Error e) {
            endClaimQuietly(scoped, token);
            throw e;
        }
        int status = captured.getStatus();
        if (status >= 200 && status < 500) {
            try {
                if (!keys.record(scoped, token, recordedFrom(captured))) {
                    log.warn("an Idempotency-Key's claim was taken over before its answer was recorded");
                }
            } catch (RuntimeException e) {
                // The command's outcome stands (committed, or refused with nothing appended); only its replay is
                // lost. A refusal's claim is released so that a retry is judged again; an acted claim stays.
                log.warn("could not record the answer to a request with an Idempotency-Key: {}", e.toString());
                endClaimQuietly(scoped, token);
            }
        } else {
            endClaimQuietly(scoped, token);
        }
        captured.copyBodyToResponse();
    }

    /** Best effort: a claim left behind is taken over after the claim timeout, unless its command acted. */
    private void endClaimQuietly(ScopedKey scoped, String token) {
        try {
            keys.release(scoped, token);
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key's claim; a retry may take it over after {}: {}",
                    properties.claimTimeout(), e.toString());
        }
    }

    private void answerTaken(Optional<Entry> taken, String fingerprint, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        if (taken.isEmpty()) {
            inProgress(request, response);
            return;
        }
        Entry entry = taken.get();
        if (!entry.fingerprint().equals(fingerprint)) {
            refuse(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency-Key reused for another request",
                    "this Idempotency-Key was already used with a different method, path or body; "
                            + "use a new key for a new request");
        } else if (entry.response() != null) {
            replay(entry.response(), response);
        } else {
            inProgress(request, response);
        }
    }

    private static RecordedResponse recordedFrom(ContentCachingResponseWrapper captured) {
        return new RecordedResponse(captured.getStatus(), captured.getContentType(),
                captured.getHeader(HttpHeaders.LOCATION), captured.getHeader(HttpHeaders.ETAG),
                captured.getContentAsByteArray());
    }

    private static void replay(RecordedResponse recorded, HttpServletResponse response) throws IOException {
        response.setStatus(recorded.status());
        if (recorded.contentType() != null) {
            response.setContentType(recorded.contentType());
        }
        if (recorded.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, recorded.location());
        }
        if (recorded.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, recorded.etag());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = recorded.body() != null ? recorded.body() : new byte[0];
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void inProgress(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        refuse(request, response, HttpStatus.CONFLICT, "idempotency-key-in-use", "Request already in progress",
                "a request with this Idempotency-Key is still being processed; retry once it has been answered");
    }

    /** The key could not be claimed: overload or an outage is a 503 with Retry-After, never a 500. */
    private void answerFailure(RuntimeException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        var answer = DatabaseProblems.answerFor(failure);
        if (answer.isEmpty()) {
            throw failure;
        }
        answer.get().getBody().setInstance(URI.create(request.getRequestURI()));
        Problems.send(response, answer.get());
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                        String title, String detail) throws IOException {
        ErrorResponseException refusal = Problems.refusal(status, type, title, detail);
        refusal.getBody().setInstance(URI.create(request.getRequestURI()));
        Problems.send(response, refusal);
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
    }
}
