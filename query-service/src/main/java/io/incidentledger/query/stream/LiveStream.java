package io.incidentledger.query.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import io.incidentledger.query.Processors;
import io.incidentledger.query.changes.ProjectionChanged;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.status.StatusBoard;

/**
 * The live stream behind {@code GET /api/stream}: one message per committed projection change, carrying the
 * status roll-up as it stands after the change, computed and serialised once for all subscribers (and once for a
 * burst of changes announced together). The last
 * {@code incident-ledger.stream.buffer-size} messages are kept for {@code Last-Event-ID} resumption; a client
 * whose last id is no longer there gets {@code event: reset} and reloads. Comment heartbeats every
 * {@code incident-ledger.stream.heartbeat} keep proxies from closing an idle connection and let clients notice a
 * dead one.
 */
@Service
public class LiveStream implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    static final String RESET = "reset";

    /** Per read-model processor, the stream's event name for its changes and the data field naming the aggregate. */
    private static final Map<String, Kind> KINDS = Map.of(
            Processors.COMPONENTS, new Kind("component", "componentId"),
            Processors.INCIDENTS, new Kind("incident", "incidentId"),
            Processors.MAINTENANCES, new Kind("maintenance", "maintenanceId"));

    private record Kind(String event, String idField) {
    }

    private final StatusBoard board;
    private final ProjectionChanges changes;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int bufferSize;
    private final Duration heartbeat;
    private final Duration connectionTimeout;
    private final Duration reconnectDelay;

    /** Guards the buffer and the subscriber set together: a new subscriber's replay and its live messages meet exactly. */
    private final Object lock = new Object();
    /** In delivery order, which is position order except when the two processors commit out of step. */
    private final ArrayDeque<StreamMessage> buffer = new ArrayDeque<>();
    private final Set<Long> buffered = new HashSet<>();
    private final Set<StreamSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final Queue<ProjectionChanged> unpublished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean publishScheduled = new AtomicBoolean();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(daemon("stream-publish"));
    private final ExecutorService sender = Executors.newFixedThreadPool(2, daemon("stream-send"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("stream-heartbeat"));
    private ScheduledFuture<?> heartbeatTask;
    private volatile boolean running;

    LiveStream(StatusBoard board, ProjectionChanges changes,
               @Value("${incident-ledger.stream.buffer-size:1000}") int bufferSize,
               @Value("${incident-ledger.stream.heartbeat:15s}") Duration heartbeat,
               @Value("${incident-ledger.stream.connection-timeout:30m}") Duration connectionTimeout,
               @Value("${incident-ledger.stream.reconnect-delay:1s}") Duration reconnectDelay) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("incident-ledger.stream.buffer-size must be at least 1");
        }
        this.board = board;
        this.changes = changes;
        this.bufferSize = bufferSize;
        this.heartbeat = heartbeat;
        this.connectionTimeout = connectionTimeout;
        this.reconnectDelay = reconnectDelay;
    }

    /**
     * Called on the announcing thread, after the projection committed. The work happens on the stream's own
     * thread: the announcing thread also feeds the in-memory documents, and must not wait for the roll-up.
     */
    @EventListener
    void on(ProjectionChanged change) {
        unpublished.add(change);
        if (publishScheduled.compareAndSet(false, true)) {
            try {
                publisher.execute(this::publishPending);
            } catch (RuntimeException rejected) {
                publishScheduled.set(false); // shutting down
            }
        }
    }

    /**
     * Streams every change announced so far. The roll-up is read once per run, after the changes committed, so it
     * includes them all: one per change in the normal case, one for a whole burst (a replay, a busy minute).
     */
    private void publishPending() {
        publishScheduled.set(false);
        List<ProjectionChanged> changes = new ArrayList<>();
        for (ProjectionChanged change; (change = unpublished.poll()) != null; ) {
            changes.add(change);
        }
        if (changes.isEmpty()) {
            return;
        }
        Map<String, String> rollup = rollup();
        for (ProjectionChanged change : changes) {
            try {
                StreamMessage message = message(change, rollup);
                synchronized (lock) {
                    // ProjectionChanges may announce a change twice (a poll retried after an error): send it once.
                    if (!buffered.add(message.id())) {
                        continue;
                    }
                    buffer.addLast(message);
                    if (buffer.size() > bufferSize) {
                        buffered.remove(buffer.removeFirst().id());
                    }
                    for (StreamSubscriber subscriber : subscribers) {
                        subscriber.send(message);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not stream projection change {}", change, e);
            }
        }
    }

    private Map<String, String> rollup() {
        Map<String, String> rollup = new LinkedHashMap<>();
        try {
            StatusBoard.Status status = board.current();
            rollup.put("indicator", status.indicator());
            rollup.put("description", status.description());
        } catch (RuntimeException e) {
            // The change is still worth announcing: a client re-reads the status anyway.
            log.warn("Could not read the status roll-up for the stream", e);
        }
        return rollup;
    }

    private StreamMessage message(ProjectionChanged change, Map<String, String> rollup) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("position", change.position());
        data.put("type", change.eventType());
        Kind kind = KINDS.get(change.processor());
        if (kind == null) {
            throw new IllegalStateException("changes of processor '" + change.processor() + "' are not streamed");
        }
        data.put(kind.idField(), change.aggregateId());
        data.put("recordedAt", change.recordedAt().toString());
        data.put("status", rollup.isEmpty() ? null : rollup);
        return new StreamMessage(change.position(), kind.event(), json.writeValueAsString(data));
    }

    /** The stream's event name for the changes of {@code processor}, if they are streamed. */
    public Optional<String> streamedAs(String processor) {
        return Optional.ofNullable(KINDS.get(processor)).map(Kind::event);
    }

    /**
     * A new subscriber: first whatever it missed after {@code lastEventId} (or a reset if that is no longer known),
     * then every message from now on.
     */
    public SseEmitter subscribe(String lastEventId) {
        SseEmitter emitter = new SseEmitter(connectionTimeout.toMillis());
        StreamSubscriber[] self = new StreamSubscriber[1];
        StreamSubscriber subscriber = new StreamSubscriber(emitter, sender, bufferSize + 16,
                () -> subscribers.remove(self[0]));
        self[0] = subscriber;
        emitter.onTimeout(subscriber::close);
        emitter.onError(error -> subscriber.gone());
        emitter.onCompletion(subscriber::gone);
        // Flushes the headers at once and tells EventSource how soon to come back after a disconnect.
        subscriber.enqueue(SseEmitter.event().reconnectTime(reconnectDelay.toMillis()));
        synchronized (lock) {
            Resume resume = resume(lastEventId);
            if (resume.reset()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("reason", "Last-Event-ID " + lastEventId + " is no longer available; reload");
                SseEmitter.SseEventBuilder reset = SseEmitter.event().name(RESET);
                // An id a client that does not reload can resume from; EventSource needs data to dispatch at all.
                latestDelivered().ifPresent(id -> reset.id(Long.toString(id)));
                subscriber.enqueue(reset.data(json.writeValueAsString(data)));
            } else {
                resume.replay().forEach(subscriber::send);
            }
            if (!running) {
                subscriber.close();
                return emitter;
            }
            subscribers.add(subscriber);
        }
        return emitter;
    }

    private record Resume(boolean reset, List<StreamMessage> replay) {
    }

    /** Under {@link #lock}. */
    private Resume resume(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Resume(false, List.of());
        }
        long last;
        try {
            last = Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            return new Resume(true, List.of());
        }
        if (buffered.contains(last)) {
            // Replay in delivery order after that message: exactly what the client has not seen from this instance.
            List<StreamMessage> missed = new ArrayList<>();
            Iterator<StreamMessage> newestFirst = buffer.descendingIterator();
            while (newestFirst.hasNext()) {
                StreamMessage message = newestFirst.next();
                if (message.id() == last) {
                    break;
                }
                missed.add(0, message);
            }
            return new Resume(false, missed);
        }
        // Not in the buffer. Nothing is missed only if nothing after it has been committed yet (a client that saw
        // the newest change, perhaps from another instance, or before this one restarted): every later change will
        // be announced live. Otherwise what it missed may be gone: reset.
        return last >= changes.latestPosition() ? new Resume(false, List.of()) : new Resume(true, List.of());
    }

    private OptionalLong latestDelivered() {
        return buffer.isEmpty() ? OptionalLong.empty() : OptionalLong.of(buffer.peekLast().id());
    }

    /** How many clients are connected now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    private void sendHeartbeats() {
        for (StreamSubscriber subscriber : subscribers) {
            subscriber.enqueue(SseEmitter.event().comment(" heartbeat"));
        }
    }

    @Override
    public synchronized void start() {
        long millis = heartbeat.toMillis();
        heartbeatTask = heartbeats.scheduleAtFixedRate(() -> {
            try {
                sendHeartbeats();
            } catch (RuntimeException e) {
                log.warn("Stream heartbeat failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins (a later phase stops first): open streams
     * would otherwise hold it up until its timeout. Clients reconnect (to another instance) with Last-Event-ID.
     * A stopped context may be started again (Spring pauses idle contexts), so the threads live until destroy.
     */
    @Override
    public synchronized void stop() {
        running = false;
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
        synchronized (lock) {
            new ArrayList<>(subscribers).forEach(StreamSubscriber::close);
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        publisher.shutdownNow();
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
