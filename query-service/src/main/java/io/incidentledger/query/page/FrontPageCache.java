package io.incidentledger.query.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.caching.EncodedBody;
import io.incidentledger.query.changes.LocalCommits;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.database.DatabaseWatch;

/**
 * The front page's data, kept in memory: during an outage everyone reloads it at once, and building it reads
 * every component's history. A request costs no database round trip, but for the one request that rebuilds the
 * page after a change: after the projections of any instance advance (the {@link ProjectionChanges} poll, every
 * 100 ms, shared by all requests), and, so that a request right after a commit on this instance never sees the old
 * page, after this instance's own projections have committed ({@link LocalCommits}, in memory). One request
 * rebuilds; those that need the same change wait for that one rebuild rather than each making their own (and the
 * fast path answers the others with the last rendering meanwhile). Times that move on their own
 * ("ongoing for", today's bar) are refreshed at least every {@link #MAX_AGE}. A page asked for {@code asOf} a past
 * instant is built for that request alone. While the database cannot be reached (the poll says so), the last
 * page built is served with the time of its data ({@link DatabaseWatch}).
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
    private record Rendering(PageViews.StatusPageView view, DisplayTime.Stamp dataAsOf, EncodedBody page) {
    }

    /** {@code progress}: what the poll had announced, {@code local}: this instance's commits, when it was built. */
    private record Entry(PageViews.StatusPageView view, long progress, long local, Instant builtAt) {
    }

    private final StatusPage page;
    private final ProjectionChanges changes;
    private final LocalCommits localCommits;
    private final Clock clock;
    private final DatabaseWatch database;
    private final DisplayTime time;
    private final AtomicReference<Entry> current = new AtomicReference<>();
    /** The progress the poll has announced: an entry built before it is out of date. */
    private final AtomicLong announcedProgress = new AtomicLong(-1);
    private volatile Rendering rendering;
    private final Object renderLock = new Object();

    FrontPageCache(StatusPage page, ProjectionChanges changes, LocalCommits localCommits, Clock clock,
                   DatabaseWatch database, PageProperties pageProperties) {
        this.page = page;
        this.changes = changes;
        this.localCommits = localCommits;
        this.clock = clock;
        this.database = database;
        this.time = new DisplayTime(pageProperties.timeZone());
    }

    FrontPage front() {
        if (AsOf.current().isPresent()) {
            return new FrontPage(page.front(), null, false);
        }
        Entry entry = current.get();
        Optional<DatabaseWatch.Staleness> staleness = database.staleness();
        if (entry != null && (staleness.isPresent() || upToDate(entry, localCommits.count()))) {
            return new FrontPage(entry.view(), staleness.map(s -> time.stamp(s.lastGoodDataAt())).orElse(null), true);
        }
        long local = localCommits.count();
        DatabaseWatch.Answer<Entry> answer = database.read(() -> fresh(local), current);
        return new FrontPage(answer.value().view(),
                answer.stale() ? time.stamp(answer.staleness().lastGoodDataAt()) : null, true);
    }

    private boolean upToDate(Entry entry, long local) {
        Instant now = clock.instant();
        return entry.local() >= local && entry.progress() >= announcedProgress.get() && now.isBefore(entry.builtAt().plus(MAX_AGE)) && !now.isBefore(entry.builtAt());
    }

    /** The entry that includes this instance's commits up to {@code local}: one request at a time rebuilds it. */
    private synchronized Entry fresh(long local) {
        Entry entry = current.get();
        if (entry == null || !upToDate(entry, local)) {
            entry = rebuild(changes.progress());
        }
        return entry;
    }

    /**
     * Marks the page out of date; the next request that wants it rebuilds it (the others meanwhile get the last
     * rendering). Not rebuilt here: the poll announces each change to every in-memory copy in turn on one thread,
     * and rebuilding the page (90 days of bars for every component) took as long as the Statuspage documents,
     * which waited behind it (measured: half of the poller's time at ten changes a second, with nobody reading the
     * page). An announcement of a change the page already shows (a request rebuilt it first) changes nothing on
     * it; rebuilding anyway would restamp it with the time and hand a client that just revalidated a new ETag.
     */
    @EventListener
    void on(ProjectionsAdvanced advanced) {
        announcedProgress.accumulateAndGet(changes.progress(), Math::max);
    }

    /** A page built while the projections replayed may show a partial history. */
    @EventListener
    void on(ProjectionsRebuilt rebuilt) {
        rebuild(changes.progress());
    }

    private synchronized Entry rebuild(long progress) {
        long local = localCommits.count(); // read first: commits after it may or may not be in what is read
        Entry entry = new Entry(page.front(), progress, local, clock.instant());
        current.set(entry);
        return entry;
    }

    /** The last rendering of the shared page, however old; null before the first. */
    EncodedBody latestRendering() {
        Rendering last = rendering;
        return last == null ? null : last.page();
    }

    /**
     * Whether the last rendering shows the page as a request would be given it now, decided in memory: of the
     * current data, including this instance's commits, not too old, and marked stale exactly while the database
     * is away.
     */
    boolean latestRenderingIsCurrent() {
        Rendering last = rendering;
        Entry entry = current.get();
        return last != null && entry != null && last.view() == entry.view() && upToDate(entry, localCommits.count())
                && database.staleness().isPresent() == (last.dataAsOf() != null);
    }

    /** The shared page's rendering if it is of this very version of the data; null if it must be rendered first. */
    EncodedBody renderedIfCurrent(FrontPage front) {
        Rendering last = rendering;
        return front.shared() && last != null && last.view() == front.view()
                && Objects.equals(last.dataAsOf(), front.dataAsOf()) ? last.page() : null;
    }

    /**
     * The shared page rendered once per version of its data (the template costs far more than the data: some
     * 190 KB of bars and timelines), by the first request that needs it while the others wait for that one
     * rendering rather than each making its own; rendered anew for a page of one reader's own.
     */
    EncodedBody rendered(FrontPage front, Supplier<byte[]> render) {
        if (!front.shared()) {
            return EncodedBody.of(render.get());
        }
        EncodedBody page = renderedIfCurrent(front);
        if (page != null) {
            return page;
        }
        synchronized (renderLock) {
            page = renderedIfCurrent(front);
            if (page == null) {
                page = EncodedBody.of(render.get());
                rendering = new Rendering(front.view(), front.dataAsOf(), page);
            }
            return page;
        }
    }

}
