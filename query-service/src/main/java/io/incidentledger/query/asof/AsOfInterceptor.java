package io.incidentledger.query.asof;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import io.incidentledger.query.web.BadQueryException;

/**
 * Gives a request that names {@code asOf=<recorded instant>} its {@link AsOf} reading for as long as it runs,
 * view rendering included. Read-model answers read a {@link Snapshots snapshot} of the read models as they
 * stood then; the incident history reads the events themselves and only needs the instant. Any other
 * endpoint (the export, the live stream, verification) has no "then" and says so with a 400 rather than
 * silently answering as of now.
 */
final class AsOfInterceptor implements HandlerInterceptor {

    static final String PARAMETER = "asOf";

    /** Answered from the events: only the instant is needed. */
    private static final Set<String> FROM_EVENTS = Set.of("/api/incidents/{id}/history",
            "/api/maintenances/{id}/history");

    /** Answered from the read models: exact patterns, then prefixes. */
    private static final Set<String> FROM_READ_MODELS = Set.of("/", "/incidents/{id}", "/history.atom",
            "/api/status", "/api/incidents", "/api/incidents/{id}", "/api/incidents/{id}/downtime",
            "/api/incidents/{id}/impact", "/api/downtime", "/api/components/{id}/uptime", "/api/maintenances",
            "/api/maintenances/{id}", "/maintenances/{id}");
    private static final List<String> FROM_READ_MODELS_BELOW = List.of("/api/v2/", "/api/reports/");

    private static final String LEASE = AsOfInterceptor.class.getName() + ".lease";

    private final Snapshots snapshots;
    private final ReadingClock clock;
    private final RebuildAllowance allowance;

    AsOfInterceptor(Snapshots snapshots, ReadingClock clock, RebuildAllowance allowance) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.allowance = allowance;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String asked = request.getParameter(PARAMETER);
        if (asked == null) {
            return true;
        }
        Instant instant = parse(asked);
        if (instant.isAfter(clock.worldInstant())) {
            throw new BadQueryException(PARAMETER, "asOf must not be in the future: nothing is recorded there yet");
        }
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        if (FROM_EVENTS.contains(pattern)) {
            AsOf.begin(new AsOf.Reading(instant, null));
        } else if (FROM_READ_MODELS.contains(pattern) || FROM_READ_MODELS_BELOW.stream().anyMatch(pattern::startsWith)) {
            if (!snapshots.isKept(instant)) {
                allowance.spend(request.getRemoteAddr());
            }
            Snapshots.Lease lease = snapshots.lease(instant);
            request.setAttribute(LEASE, lease);
            AsOf.begin(new AsOf.Reading(instant, lease.readModels()));
        } else {
            throw new BadQueryException(PARAMETER, "asOf is not supported here: this answer has no past version");
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        AsOf.end();
        if (request.getAttribute(LEASE) instanceof Snapshots.Lease lease) {
            request.removeAttribute(LEASE);
            lease.close();
        }
    }

    private static Instant parse(String asked) {
        try {
            return Instant.parse(asked);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(asked).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadQueryException(PARAMETER, "asOf must be an ISO-8601 instant, e.g. 2012-06-29T18:00:00Z");
            }
        }
    }
}
