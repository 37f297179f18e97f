package io.incidentledger.query.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.database.DatabaseWatch;

/**
 * The front page's data, kept in memory: during an outage everyone reloads it at once, and building it reads
 * every component's history. It is rebuilt when the projections advance (eagerly, once per announced batch of
 * changes), and, so that a request right after a commit never sees the old page, whenever any projection has
 * committed a change since it was built (an indexed MAX per processor per request). Times that move on their
 * own ("ongoing for", today's bar) are refreshed at least every {@link #MAX_AGE}. A page asked for {@code asOf}
 * a past instant is built for that request alone. While the database cannot be reached, the last page built is
 * served with the time of its data ({@link DatabaseWatch}).
 */
@Component
class FrontPageCache {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    /**
     * The page to render; {@code dataAsOf} is null unless it is the last known page, kept through an outage.
     * {@code shared}: the same for every reader (not a page {@code asOf} one reader's instant), so its rendering
     * may answer them all.
     */
    record FrontPage(PageViews.StatusPageView view, DisplayTime.Stamp dataAsOf, boolean shared) {
    }

    /** The last rendering of a shared page, and what it is a rendering of. */
    private record Rendering(PageViews.StatusPageView view, DisplayTime.Stamp dataAsOf, RenderedPage page) {
    }

    private record Entry(PageViews.StatusPageView view, long progress, Instant builtAt) {
    }

    private final StatusPage page;
    private final ProjectionChanges changes;
    private final Clock clock;
    private final DatabaseWatch database;
    private final DisplayTime time;
    private final AtomicReference<Entry> current = new AtomicReference<>();
    private volatile Rendering rendering;

    FrontPageCache(StatusPage page, ProjectionChanges changes, Clock clock, DatabaseWatch database,
                   PageProperties pageProperties) {
        this.page = page;
        this.changes = changes;
        this.clock = clock;
        this.database = database;
        this.time = new DisplayTime(pageProperties.timeZone());
    }

    FrontPage front() {
        if (AsOf.current().isPresent()) {
            return new FrontPage(page.front(), null, false);
        }
        DatabaseWatch.Answer<Entry> answer = database.read(this::fresh, current);
        return new FrontPage(answer.value().view(),
                answer.stale() ? time.stamp(answer.staleness().lastGoodDataAt()) : null, true);
    }

    /**
     * The shared page rendered once per version of its data (the template costs far more than the data: some
     * 190 KB of bars and timelines), by the first request that needs it while the others wait for that one
     * rendering rather than each making its own; rendered anew for a page of one reader's own.
     */
    RenderedPage rendered(FrontPage front, java.util.function.Supplier<byte[]> render) {
        if (!front.shared()) {
            return RenderedPage.of(render.get());
        }
        Rendering last = rendering;
        if (last != null && last.view() == front.view() && java.util.Objects.equals(last.dataAsOf(), front.dataAsOf())) {
            return last.page();
        }
        synchronized (this) {
            last = rendering;
            if (last == null || last.view() != front.view()
                    || !java.util.Objects.equals(last.dataAsOf(), front.dataAsOf())) {
                last = new Rendering(front.view(), front.dataAsOf(), RenderedPage.of(render.get()));
                rendering = last;
            }
            return last.page();
        }
    }

    private Entry fresh() {
        Entry entry = current.get();
        long latest = changes.progress();
        Instant now = clock.instant();
        if (entry == null || entry.progress() < latest || !now.isBefore(entry.builtAt().plus(MAX_AGE))
                || now.isBefore(entry.builtAt())) {
            entry = rebuild(latest);
        }
        return entry;
    }

    @EventListener
    void on(ProjectionsAdvanced advanced) {
        long progress = changes.progress();
        Entry entry = current.get();
        // An announcement of a change the page already shows (a request rebuilt it first) changes nothing on it;
        // rebuilding anyway would restamp it with the time and hand a client that just revalidated a new ETag.
        if (entry == null || entry.progress() < progress) {
            rebuild(progress);
        }
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
