package io.incidentledger.query.changes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * How many batches this instance's own read-model processors have committed, counted in memory after each commit.
 * What lets an in-memory document tell, with no database round trip, that a change this instance projected is not
 * in it yet; changes another instance projected come from the {@link ProjectionChanges} poll.
 */
@Component
public class LocalCommits {

    private final AtomicLong count = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Grows after every commit of a read-model processor on this instance. */
    public long count() {
        return count.get();
    }

    /** Runs {@code listener} after every such commit, on the committing thread: it must only hand work off. */
    void whenCommitted(Runnable listener) {
        listeners.add(listener);
    }

    void committed() {
        count.incrementAndGet();
        listeners.forEach(Runnable::run);
    }
}
