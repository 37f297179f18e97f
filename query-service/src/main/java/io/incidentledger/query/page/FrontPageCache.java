package io.incidentledger.query.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.incidentledger.query.changes.ProjectionChanged;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsRebuilt;

/**
 * The front page's data, kept in memory: during an outage everyone reloads it at once, and building it reads
 * every component's history. It is rebuilt when a projection changes (eagerly, on the change announcement),
 * and, so that a request right after a commit never sees the old page, whenever any projection has committed a
 * change since it was built (an indexed MAX per processor per request). Times that move on their own ("ongoing
 * for", today's bar) are refreshed at least every {@link #MAX_AGE}.
 */
@Component
class FrontPageCache {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private record Entry(PageViews.StatusPageView view, long progress, Instant builtAt) {
    }

    private final StatusPage page;
    private final ProjectionChanges changes;
    private final Clock clock;
    private final AtomicReference<Entry> current = new AtomicReference<>();

    FrontPageCache(StatusPage page, ProjectionChanges changes, Clock clock) {
        this.page = page;
        this.changes = changes;
        this.clock = clock;
    }

    PageViews.StatusPageView front() {
        Entry entry = current.get();
        long latest = changes.progress();
        Instant now = clock.instant();
        if (entry == null || entry.progress() < latest || !now.isBefore(entry.builtAt().plus(MAX_AGE))
                || now.isBefore(entry.builtAt())) {
            entry = rebuild(latest);
        }
        return entry.view();
    }

    @EventListener
    void on(ProjectionChanged change) {
        rebuild(changes.progress());
    }

    /** A page built while the projections replayed may show a partial history. */
    @EventListener
    void on(ProjectionsRebuilt rebuilt) {
        rebuild(changes.progress());
    }

    private Entry rebuild(long progress) {
        Entry entry = new Entry(page.front(), progress, clock.instant());
        current.set(entry);
        return entry;
    }
}
