package io.incidentledger.command.idempotency;

import io.incidentledger.command.idempotency.IdempotencyKeys.Entry;
import io.incidentledger.command.idempotency.IdempotencyKeys.ScopedKey;
import io.incidentledger.command.web.ActingPrincipal;
import io.incidentledger.command.web.BufferedBodyRequest;
import io.incidentledger.command.web.Retryable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for every command request (POST, PUT, PATCH, DELETE under {@code /api}), whatever its
 * controller: a retry with the same key and the same request gets the first answer again (status,
 * {@code Location}, {@code ETag}, body, and {@code Idempotent-Replayed: true}) and changes nothing.
 *
 * <p>The key is claimed, the command runs and its answer is recorded in one database transaction, the same
 * one Axon appends the events in (Axon's unit of work joins it), so the key row exists exactly when the
 * events do. The answer is held back until that transaction has committed: a 2xx is never sent for events
 * that might still roll back.
 *
 * <p>Recorded: 2xx answers, and 4xx refusals that are final (the request was judged and refused; nothing was
 * appended, so the refusal is recorded in a transaction of its own). Not recorded: 5xx answers and refusals
 * marked {@link Retryable} (a lost race), so a retry runs the command again.
 *
 * <p>The same key with another method, path or body: 422. The same key while its first request still runs on
 * this instance: 409. On another instance sharing the database, the duplicate waits for the first request's
 * transaction at the key's primary key and then replays its answer.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Bodies beyond this are refused when keyed: the whole body is held in memory to fingerprint it. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdempotencyKeys keys;
    private final PlatformTransactionManager transactions;
    private final IdempotencyProperties properties;
    private final Clock clock;
    /** Keys whose first request is running on this instance, with that request's fingerprint. */
    private final Map<ScopedKey, String> inFlight = new ConcurrentHashMap<>();

    IdempotencyFilter(IdempotencyKeys keys, PlatformTransactionManager transactions, IdempotencyProperties properties,
                      Clock clock) {
        this.keys = keys;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
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
            problem(request, response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    "Idempotency-Key must be one value of 1 to 255 visible ASCII characters (no spaces)");
            return;
        }
        // A chunked body was already read (and measured) by the body-size limit: fingerprint those bytes.
        byte[] buffered = BufferedBodyRequest.bufferedBodyOf(request);
        byte[] body = buffered != null ? buffered : request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            problem(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                    "a request with an Idempotency-Key may carry at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        ScopedKey scoped = new ScopedKey(ActingPrincipal.of(request), key);
        String fingerprint = RequestFingerprint.of(request.getMethod(), pathOf(request), body);

        var earlier = keys.find(scoped, clock.instant());
        if (earlier.isPresent()) {
            replay(earlier.get(), fingerprint, request, response);
            return;
        }
        String running = inFlight.putIfAbsent(scoped, fingerprint);
        if (running != null) {
            if (running.equals(fingerprint)) {
                inProgress(request, response);
            } else {
                mismatch(request, response);
            }
            return;
        }
        try {
            runOnce(scoped, fingerprint, buffered != null ? request : new BufferedBodyRequest(request, body), response,
                    chain);
        } finally {
            inFlight.remove(scoped);
        }
    }

    private void runOnce(ScopedKey scoped, String fingerprint, HttpServletRequest request,
                         HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            Instant now = clock.instant();
            keys.claim(scoped, fingerprint, now, now.plus(properties.retention()));
        } catch (DuplicateKeyException e) {
            // Another instance answered with this key while we waited for it: answer as it did.
            transactions.rollback(transaction);
            var recorded = keys.find(scoped, clock.instant());
            if (recorded.isPresent()) {
                replay(recorded.get(), fingerprint, request, response);
            } else {
                inProgress(request, response);
            }
            return;
        } catch (RuntimeException e) {
            transactions.rollback(transaction);
            throw e;
        }

        var captured = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, captured);
        } catch (ServletException | IOException | RuntimeException | Error e) {
            transactions.rollback(transaction);
            throw e;
        }

        int status = captured.getStatus();
        if (status < 200 || status >= 300) {
            // A refusal changes nothing. Axon's JDBC connection wrapper has already rolled the shared connection
            // back when the command failed (the claim with it), so a final refusal is recorded on its own.
            transactions.rollback(transaction);
            if (status >= 400 && status < 500 && !Retryable.isMarked(request)) {
                recordRefusal(scoped, fingerprint, recordedFrom(captured));
            }
            captured.copyBodyToResponse();
            return;
        }
        try {
            keys.record(scoped, recordedFrom(captured));
            transactions.commit(transaction);
        } catch (DataAccessException | TransactionException e) {
            if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
            log.error("could not commit a command with its Idempotency-Key; nothing was committed", e);
            captured.reset();
            problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                    "The event store is unavailable", "the command was not recorded; retry later");
            return;
        }
        captured.copyBodyToResponse();
    }

    /** Best effort: if the refusal cannot be recorded, a retry is judged again, which is also correct. */
    private void recordRefusal(ScopedKey scoped, String fingerprint, RecordedResponse refusal) {
        TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
        try {
            Instant now = clock.instant();
            keys.claim(scoped, fingerprint, now, now.plus(properties.retention()));
            keys.record(scoped, refusal);
            transactions.commit(transaction);
        } catch (DataAccessException | TransactionException e) {
            if (!transaction.isCompleted()) {
                transactions.rollback(transaction);
            }
            log.warn("could not record a refusal for an Idempotency-Key; a retry will be judged again: {}",
                    e.toString());
        }
    }

    private static RecordedResponse recordedFrom(ContentCachingResponseWrapper captured) {
        return new RecordedResponse(captured.getStatus(), captured.getContentType(),
                captured.getHeader(HttpHeaders.LOCATION), captured.getHeader(HttpHeaders.ETAG),
                captured.getContentAsByteArray());
    }

    private static void replay(Entry earlier, String fingerprint, HttpServletRequest request,
                               HttpServletResponse response) throws IOException {
        if (!earlier.fingerprint().equals(fingerprint)) {
            mismatch(request, response);
            return;
        }
        RecordedResponse recorded = earlier.response();
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

    private static void mismatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        problem(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused for another request",
                "this Idempotency-Key was already used with a different method, path or body; "
                        + "use a new key for a new request");
    }

    private static void inProgress(HttpServletRequest request, HttpServletResponse response) throws IOException {
        problem(request, response, HttpStatus.CONFLICT, "idempotency-key-in-use", "Request already in progress",
                "a request with this Idempotency-Key is still being processed; retry once it has been answered");
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                                String type, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        byte[] json = JSON.writeValueAsBytes(problem);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
    }
}
