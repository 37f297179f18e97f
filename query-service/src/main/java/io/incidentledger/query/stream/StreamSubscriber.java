package io.incidentledger.query.stream;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import io.incidentledger.query.announcement.AnnouncementLinks;

/**
 * One open {@code /api/stream} connection. Messages are queued and written by a shared sender pool, never by the
 * thread that polls the announcements: a slow or stalled client must not hold up the messages every other client
 * waits for. A client that falls {@code maxPending} messages behind is disconnected; its EventSource reconnects
 * with {@code Last-Event-ID} and is served what it missed from the announcements table.
 */
final class StreamSubscriber {

    private final SseEmitter emitter;
    private final Executor sender;
    /** The base this client reached the page at: every link it is sent starts with it. */
    private final String base;
    private final int maxPending;
    private final Runnable onGone;
    private final Queue<SseEventBuilder> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();

    /** Announcements up to this id were seen elsewhere (another instance) and are not sent again. */
    private volatile long skipThrough = Long.MIN_VALUE;

    StreamSubscriber(SseEmitter emitter, Executor sender, String base, int maxPending, Runnable onGone) {
        this.emitter = emitter;
        this.sender = sender;
        this.base = base;
        this.maxPending = maxPending;
        this.onGone = onGone;
    }

    SseEmitter emitter() {
        return emitter;
    }

    boolean isGone() {
        return gone.get();
    }

    void send(StreamMessage message) {
        if (message.id() <= skipThrough) {
            return;
        }
        enqueue(SseEmitter.event().id(Long.toString(message.id())).name(message.event())
                .data(AnnouncementLinks.rebased(message.data(), base)));
    }

    void skipThrough(long id) {
        skipThrough = Math.max(skipThrough, id);
    }

    void enqueue(SseEventBuilder event) {
        if (gone.get()) {
            return;
        }
        if (pendingCount.incrementAndGet() > maxPending) {
            close();
            return;
        }
        pending.add(event);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RuntimeException rejected) {
                // The pool is shutting down: so is the service.
                draining.set(false);
                close();
            }
        }
    }

    /** Writes everything queued, in order; one drain per subscriber at a time keeps the order. */
    private void drain() {
        try {
            SseEventBuilder event;
            while (!gone.get() && (event = pending.poll()) != null) {
                pendingCount.decrementAndGet();
                emitter.send(event);
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away (broken pipe) or the emitter already completed.
            gone();
        } finally {
            draining.set(false);
        }
        // A message queued after the loop's last poll but before the flag was cleared must not wait for the next one.
        if (!gone.get() && !pending.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Ends the response normally (the client will reconnect) and forgets the subscriber. */
    void close() {
        if (gone.compareAndSet(false, true)) {
            pending.clear();
            try {
                emitter.complete();
            } catch (RuntimeException alreadyFinished) {
                // nothing to end
            }
            onGone.run();
        }
    }

    /** The container finished the response (timeout, error, completion): just forget the subscriber. */
    void gone() {
        if (gone.compareAndSet(false, true)) {
            pending.clear();
            onGone.run();
        }
    }
}
