package io.incidentledger.command.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.incidentledger.web.ProblemDetailsBase.problem;

/**
 * A token bucket per client for the write API (POST, PUT, PATCH, DELETE): a client is its authenticated
 * principal if it has one, else its remote address (behind a proxy, configure
 * {@code server.forward-headers-strategy} so that is the client's, not the proxy's). A client over its rate
 * gets a 429 with {@code Retry-After}: the whole seconds until its next write would be accepted. Reads are
 * never limited here.
 */
final class WriteRateLimitFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RequestLimits.WriteRate rate;
    private final JsonMapper json;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    /**
     * Shared by the clients that arrive while {@code maxClients} others are all mid-burst (a flood from many
     * addresses): memory stays bounded, and the flood throttles itself rather than the known clients.
     */
    private final Bucket overflow;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

    WriteRateLimitFilter(RequestLimits.WriteRate rate, JsonMapper json) {
        if (rate.perSecond() < 1 || rate.burst() < 1 || rate.maxClients() < 1) {
            throw new IllegalArgumentException("incident-ledger.limits.write-rate: per-second, burst and "
                    + "max-clients must be at least 1");
        }
        this.rate = rate;
        this.json = json;
        this.overflow = newBucket();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe = bucketOf(client(request)).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many writes",
                "this client may send " + rate.perSecond() + " writes per second (bursts of " + rate.burst()
                        + "); retry after " + retryAfter + " s");
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        FilterProblems.write(response, json, problem);
    }

    private static String client(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? "principal:" + principal.getName() : "address:" + request.getRemoteAddr();
    }

    private Bucket bucketOf(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= rate.maxClients()) {
            forgetIdleClients();
            if (buckets.size() >= rate.maxClients()) {
                return overflow;
            }
        }
        return buckets.computeIfAbsent(client, key -> newBucket());
    }

    /** A full bucket says nothing a new one would not: dropping it forgets nothing. At most once a second. */
    private void forgetIdleClients() {
        long last = lastSweep.get();
        long now = System.nanoTime();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= rate.burst());
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate.burst())
                        .refillGreedy(rate.perSecond(), Duration.ofSeconds(1)).build())
                .build();
    }
}
