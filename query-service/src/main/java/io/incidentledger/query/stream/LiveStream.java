package io.incidentledger.query.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live stream behind {@code GET /api/stream}: the announcements (SPEC §8), the very news subscribers are sent,
 * in the same vocabulary: an incident or maintenance message carries its Statuspage object, a component transition
 * the component and its old and new status, each beside the page's roll-up.
 *
 * <p>The announcements table is the stream's only source, so a message's id is the announcement's id on every
 * instance and after any restart: {@code Last-Event-ID} resumes from the table, not from memory. One poll per
 * instance (every {@code incident-ledger.stream.poll-interval}) reads what is new for all clients; it relies on
 * announcements becoming visible in id order, which holds because one announcer at a time writes them (its lease).
 * A client whose last id is older than what is kept (retention), or that missed more than
 * {@code incident-ledger.stream.replay-limit} messages, gets {@code event: reset} and reloads.
 *
 * <p>Everything a client is sent is decided on the poller's one thread (a new client's replay too), so a replay and
 * the live messages meet exactly, without a lock held across a database read.
 */
@Service
public class LiveStream implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    static final String RESET = "reset";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Duration heartbeat;
    private final Duration connectionTimeout;
    private final Duration reconnectDelay;
    private final Duration pollInterval;
    private final int replayLimit;

    private final Set<StreamSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Queue<Joining> joining = new ConcurrentLinkedQueue<>();
    private final ExecutorService sender = Executors.newFixedThreadPool(2, daemon("stream-send"));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("stream-poll"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("stream-heartbeat"));
    /** The newest announcement id read; only the poller's thread writes it. */
    private volatile long cursor = -1;
    private volatile boolean running;
    private java.util.concurrent.ScheduledFuture<?> pollTask;
    private java.util.concurrent.ScheduledFuture<?> heartbeatTask;

    /** A client waiting for its first poll: where it left off ({@code null}: from now on). */
    private record Joining(StreamSubscriber subscriber, String lastEventId) {
    }

    LiveStream(JdbcClient jdbc,
               @Value("${incident-ledger.stream.heartbeat:15s}") Duration heartbeat,
               @Value("${incident-ledger.stream.connection-timeout:30m}") Duration connectionTimeout,
               @Value("${incident-ledger.stream.reconnect-delay:1s}") Duration reconnectDelay,
               @Value("${incident-ledger.stream.poll-interval:100ms}") Duration pollInterval,
               @Value("${incident-ledger.stream.replay-limit:1000}") int replayLimit) {
        if (replayLimit < 1) {
            throw new IllegalArgumentException("incident-ledger.stream.replay-limit must be at least 1");
        }
        this.jdbc = jdbc;
        this.heartbeat = heartbeat;
        this.connectionTimeout = connectionTimeout;
        this.reconnectDelay = reconnectDelay;
        this.pollInterval = pollInterval;
        this.replayLimit = replayLimit;
    }

    /**
     * A new client: first whatever it missed after {@code lastEventId} (or a reset if that is no longer kept), then
     * every announcement from now on, its links from {@code base}.
     */
    public SseEmitter subscribe(String lastEventId, String base) {
        SseEmitter emitter = new SseEmitter(connectionTimeout.toMillis());
        StreamSubscriber[] self = new StreamSubscriber[1];
        StreamSubscriber subscriber = new StreamSubscriber(emitter, sender, base, replayLimit + 16,
                () -> subscribers.remove(self[0]));
        self[0] = subscriber;
        emitter.onTimeout(subscriber::close);
        emitter.onError(error -> subscriber.gone());
        emitter.onCompletion(subscriber::gone);
        // Flushes the headers at once and tells EventSource how soon to come back after a disconnect.
        subscriber.enqueue(SseEmitter.event().reconnectTime(reconnectDelay.toMillis()));
        if (!running) {
            subscriber.close();
            return emitter;
        }
        joining.add(new Joining(subscriber, lastEventId));
        return emitter;
    }

    /** How many clients are connected now (joined or about to). */
    public int subscriberCount() {
        return subscribers.size() + joining.size();
    }

    /** One poll: the new clients' replays, then what is new for everyone. On the poller's thread only. */
    private void poll() {
        try {
            if (cursor < 0) {
                cursor = head();
            }
            for (Joining join; (join = joining.poll()) != null; ) {
                join(join);
            }
            List<StreamMessage> fresh = after(cursor, 500);
            for (StreamMessage message : fresh) {
                for (StreamSubscriber subscriber : subscribers) {
                    subscriber.send(message);
                }
                cursor = message.id();
            }
        } catch (RuntimeException e) {
            // The database is away: clients keep their connection (heartbeats go on) and get what they missed
            // from the next poll that succeeds.
            log.debug("Stream poll failed; the next one retries", e);
        }
    }

    private void join(Joining join) {
        StreamSubscriber subscriber = join.subscriber();
        if (subscriber.isGone()) {
            return;
        }
        String last = join.lastEventId();
        if (last != null && !last.isBlank()) {
            Optional<List<StreamMessage>> missed = missedAfter(last.strip());
            if (missed.isEmpty()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("reason", "Last-Event-ID " + last.strip() + " is no longer available; reload");
                // An id a client that does not reload can resume from; EventSource needs data to dispatch at all.
                SseEmitter.SseEventBuilder reset = SseEmitter.event().name(RESET).data(json.writeValueAsString(data));
                if (cursor > 0) {
                    reset.id(Long.toString(cursor));
                }
                subscriber.enqueue(reset);
            } else {
                missed.get().forEach(subscriber::send);
                // A client ahead of this instance (it saw a newer announcement elsewhere) skips what it has seen.
                subscriber.skipThrough(Long.parseLong(last.strip()));
            }
        }
        if (!running) {
            subscriber.close();
            return;
        }
        subscribers.add(subscriber);
    }

    /** What a client that last saw {@code last} has missed up to the cursor; empty if that cannot be told. */
    private Optional<List<StreamMessage>> missedAfter(String last) {
        long id;
        try {
            id = Long.parseLong(last);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (id >= cursor) {
            return Optional.of(List.of());
        }
        Long oldest = jdbc.sql("SELECT MIN(announcement_id) FROM announcement").query(Long.class).optional().orElse(null);
        if (oldest != null && id < oldest - 1) {
            return Optional.empty(); // what came after it is no longer kept
        }
        List<StreamMessage> missed = new ArrayList<>(after(id, replayLimit + 1));
        missed.removeIf(message -> message.id() > cursor); // the poll that follows sends those to everyone
        return missed.size() > replayLimit ? Optional.empty() : Optional.of(missed);
    }

    private long head() {
        return jdbc.sql("SELECT COALESCE(MAX(announcement_id), 0) FROM announcement").query(Long.class).single();
    }

    private List<StreamMessage> after(long id, int limit) {
        return jdbc.sql("""
                        SELECT announcement_id, kind, change_type, body FROM announcement
                        WHERE announcement_id > ? ORDER BY announcement_id FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param(id)
                .query((rs, n) -> new StreamMessage(rs.getLong(1), rs.getString(2),
                        data(rs.getString(3), rs.getString(4))))
                .list();
    }

    /** The announcement's body with its change first: {@code {"type": "incident_opened", "page": …, "incident": …}}. */
    private String data(String change, String body) {
        String typed = "{\"type\":" + json.writeValueAsString(change);
        String rest = body.strip().substring(1).strip();
        return rest.startsWith("}") ? typed + "}" : typed + "," + rest;
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
        pollTask = poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
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
        if (pollTask != null) {
            pollTask.cancel(false);
            pollTask = null;
        }
        for (Joining join; (join = joining.poll()) != null; ) {
            join.subscriber().close();
        }
        new ArrayList<>(subscribers).forEach(StreamSubscriber::close);
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        poller.shutdownNow();
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
