package io.incidentledger.query.caching;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.incidentledger.query.changes.LocalCommits;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.database.DatabaseWatch;
import io.incidentledger.web.FilterOrder;

/**
 * The public documents built per request by their controllers ({@code /api/status}, {@code /history.atom}, an
 * incident's page {@code /incidents/{id}}), answered from the bytes the full path answered last, as long as
 * nothing they show can have changed: no commit of this instance's projections since ({@link LocalCommits}, in
 * memory), no change of another's (the shared {@code ProjectionChanges} poll), and younger than {@link #MAX_AGE}
 * (clocks on them move). The first request after a change takes the full path, which builds, tags and secures the
 * answer as always, and the answer is kept: status, headers and body exactly as sent. Without this, each of these
 * requests read the database; at 64 connections they emptied the pool and the projections starved (measured: 147
 * answers a second, and timeouts).
 *
 * <p>Every answer is sent as built or gzipped, as the request accepts, each representation with its own ETag
 * ({@link EncodedBody}), whether kept or not. Only plain public reads (no query, no credentials) are kept or
 * served: one answer per document and base address (links are absolute), at most {@link #BASES_KEPT} bases, and
 * the {@link #INCIDENT_PAGES_KEPT} incident pages read last. While the database cannot be reached, the full path
 * answers (with the last known data, marked stale), never a kept answer that would hide it.
 */
@Component
@Order(FilterOrder.PUBLIC_DOCUMENTS)
class ReadyAnswers extends OncePerRequestFilter {

    static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final int BASES_KEPT = 8;
    /** What the container sets per answer: never replayed. */
    private static final Set<String> NOT_KEPT = Set.of("date", "transfer-encoding", "connection", "keep-alive",
            "content-length", "content-type", "etag");

    /** Path to the media type it is asked for as. */
    private static final Map<String, String> DOCUMENTS = Map.of(
            "/api/status", "application/json",
            "/history.atom", "application/atom+xml");
    /** An incident's page, {@code /incidents/{id}}: what everyone following one outage reloads. */
    private static final String INCIDENT_PAGES = "/incidents/";
    private static final int INCIDENT_PAGES_KEPT = 128;

    /** An answer as the full path gave it: its headers but the validator, and its body as built and gzipped. */
    private record Answer(long version, Instant builtAt, String contentType, List<Map.Entry<String, String>> headers,
                          EncodedBody body) {
    }

    private final LocalCommits localCommits;
    private final DatabaseWatch database;
    private final Clock clock;
    private final AtomicLong advanced = new AtomicLong();
    private final Map<String, Answer> answers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > BASES_KEPT * DOCUMENTS.size() + INCIDENT_PAGES_KEPT;
        }
    });
    private final Counter served;
    private final ReentrantLock[] builders = new ReentrantLock[16];

    ReadyAnswers(LocalCommits localCommits, DatabaseWatch database, Clock clock, MeterRegistry meters) {
        this.localCommits = localCommits;
        this.database = database;
        this.clock = clock;
        this.served = Counter.builder("incident_ledger.public.fast_path").tag("document", "ready")
                .description("Status and feed answers replayed from memory before the filter chain").register(meters);
        for (int i = 0; i < builders.length; i++) {
            builders[i] = new ReentrantLock();
        }
    }

    @EventListener
    void on(ProjectionsAdvanced change) {
        advanced.incrementAndGet();
    }

    @EventListener
    void on(ProjectionsRebuilt rebuilt) {
        advanced.incrementAndGet();
    }

    private long version() {
        return localCommits.count() + advanced.get();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return mediaType(path) == null || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
    }

    /** The media type the document at {@code path} is asked for as; null if it is not one of these documents. */
    private static String mediaType(String path) {
        String type = DOCUMENTS.get(path);
        if (type == null && path.startsWith(INCIDENT_PAGES) && path.length() > INCIDENT_PAGES.length()
                && path.indexOf('/', INCIDENT_PAGES.length()) < 0) {
            return "text/html";
        }
        return type;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!PublicHeaders.plainPublicRead(request, mediaType(path)) || database.staleness().isPresent()) {
            answerOnce(request, response, chain);
            return;
        }
        String key = request.getRequestURI() + " " + ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(null).replaceQuery(null).build().toUriString();
        long version = version(); // read before the full path runs: a change during it makes the next request rebuild
        Answer answer = answers.get(key);
        if (current(answer, version)) {
            replay(answer, request, response);
            served.increment();
            return;
        }
        // One request per document builds it anew; the others get the last answer meanwhile (older by that one
        // build), or, when there is none yet, wait for that build instead of each making their own: a crowd
        // arriving at once must not run the full path 64 times over and empty the database pool.
        ReentrantLock building = builders[Math.floorMod(key.hashCode(), builders.length)];
        if (answer != null && !building.tryLock()) {
            replay(answer, request, response);
            served.increment();
            return;
        }
        if (answer == null) {
            building.lock();
        }
        try {
            Answer built = answers.get(key);
            if (current(built, version)) {
                replay(built, request, response);
                served.increment();
                return;
            }
            build(key, version, request, response, chain);
        } finally {
            building.unlock();
        }
    }

    private boolean current(Answer answer, long version) {
        Instant now = clock.instant();
        return answer != null && answer.version() >= version && now.isBefore(answer.builtAt().plus(MAX_AGE))
                && !now.isBefore(answer.builtAt());
    }

    private void build(String key, long version, HttpServletRequest request, HttpServletResponse response,
                       FilterChain chain) throws ServletException, IOException {
        if (!"GET".equals(request.getMethod())) {
            chain.doFilter(request, response); // a HEAD's answer has no body to keep
            return;
        }
        Instant now = clock.instant();
        ContentCachingResponseWrapper captured = fullPath(request, response, chain);
        String etag = captured.getHeader(HttpHeaders.ETAG);
        if (captured.getStatus() != HttpServletResponse.SC_OK || etag == null || database.staleness().isPresent()) {
            answerFrom(captured, request, response);
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : captured.getHeaderNames()) {
            if (!NOT_KEPT.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : captured.getHeaders(name)) {
                    headers.add(Map.entry(name, value));
                }
            }
        }
        Answer kept = new Answer(version, now, captured.getContentType(), List.copyOf(headers),
                EncodedBody.of(captured.getContentAsByteArray(), etag));
        answers.put(key, kept);
        // Answered from what was kept, as every later request is: the client's condition and encoding apply.
        // Its headers are on the response already (the capture buffers only the body).
        captured.resetBuffer();
        kept.body().writeNegotiated(request, response, kept.contentType());
    }

    private static void replay(Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        for (Map.Entry<String, String> header : answer.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        answer.body().writeNegotiated(request, response, answer.contentType());
    }

    /**
     * A request whose answer is not kept (a query, a credential, a HEAD, the database away): the full path's
     * answer, encoded and validated as a kept one would be, so every answer of these documents negotiates alike.
     */
    private static void answerOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        answerFrom(fullPath(request, response, chain), request, response);
    }

    /** The full path, asked unconditionally so there is a whole answer; the client's condition is answered here. */
    private static ContentCachingResponseWrapper fullPath(HttpServletRequest request, HttpServletResponse response,
                                                          FilterChain chain) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(new Unconditional(request), captured);
        return captured;
    }

    private static void answerFrom(ContentCachingResponseWrapper captured, HttpServletRequest request,
                                   HttpServletResponse response) throws IOException {
        String etag = captured.getHeader(HttpHeaders.ETAG);
        if (captured.getStatus() != HttpServletResponse.SC_OK || etag == null) {
            captured.copyBodyToResponse(); // refusals, problems: as the full path gave them
            return;
        }
        byte[] body = captured.getContentAsByteArray();
        captured.resetBuffer();
        EncodedBody.of(body, etag).writeNegotiated(request, response, captured.getContentType());
    }

    /** The request without its conditions, so the full path answers it whole. */
    private static final class Unconditional extends HttpServletRequestWrapper {

        Unconditional(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            return HttpHeaders.IF_NONE_MATCH.equalsIgnoreCase(name) || HttpHeaders.IF_MODIFIED_SINCE.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public long getDateHeader(String name) {
            return hidden(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
                String name = all.nextElement();
                if (!hidden(name)) {
                    names.add(name);
                }
            }
            return Collections.enumeration(names);
        }
    }
}
