package io.incidentledger.command.inputguard;

import io.incidentledger.command.problem.DatabaseProblems;
import io.incidentledger.web.Problems;
import org.springframework.web.ErrorResponseException;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;
import java.util.Set;


/**
 * A token bucket per client for the write API (POST, PUT, PATCH, DELETE): a client is its authenticated
 * principal if it has one, else its remote address (behind a proxy, configure
 * {@code server.forward-headers-strategy} so that is the client's, not the proxy's). A client over its rate
 * gets a 429 with {@code Retry-After}: the whole seconds until its next write would be accepted. Reads are
 * never limited here. Where the buckets live (memory on H2, PostgreSQL when instances share it) is
 * {@link ClientBuckets}'s business.
 */
final class WriteRateLimitFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Logger log = LoggerFactory.getLogger(WriteRateLimitFilter.class);

    private final RequestLimits.WriteRate rate;
    private final ClientBuckets buckets;

    WriteRateLimitFilter(RequestLimits.WriteRate rate, ClientBuckets buckets) {
        this.rate = rate;
        this.buckets = buckets;
    }

    static void checkRate(RequestLimits.WriteRate rate) {
        if (rate.perSecond() < 1 || rate.burst() < 1 || rate.maxClients() < 1) {
            throw new IllegalArgumentException("incident-ledger.limits.write-rate: per-second, burst and "
                    + "max-clients must be at least 1");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe;
        try {
            probe = buckets.tryConsume(client(request));
        } catch (RuntimeException e) {
            // The buckets are in PostgreSQL and it is full or gone: the command could not be carried out either.
            var answer = DatabaseProblems.answerFor(e);
            if (answer.isPresent()) {
                Problems.send(response, answer.get());
                return;
            }
            // A fault of the limiter itself must not stop the ledger: the write goes through, loudly.
            log.error("the write-rate limiter failed; letting this write through unlimited", e);
            chain.doFilter(request, response);
            return;
        }
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        ErrorResponseException throttled = Problems.refusal(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many writes", "this client may send " + rate.perSecond() + " writes per second (bursts of "
                        + rate.burst() + "); retry after " + retryAfter + " s");
        throttled.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        Problems.send(response, throttled);
    }

    private static String client(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? "principal:" + principal.getName() : "address:" + request.getRemoteAddr();
    }
}
