package io.incidentledger.query.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.incidentledger.query.Processors;
import io.incidentledger.query.changes.ProjectionChanges;
import io.incidentledger.query.changes.ProjectionsRebuilt;

/**
 * Rebuilds every projection from the events: each processor is stopped, reset (its {@code @ResetHandler}s
 * empty its tables, in the same transaction as the tokens go back to the start), started again, and followed
 * until it has passed the last event stored when the rebuild began. The processors replay side by side.
 *
 * <p>The processors rebuilt are the read models ({@link Processors#READ_MODELS}). The audit chain is left alone:
 * it is the evidence that the history was not rewritten, so it must not be
 * re-derived from the very rows it vouches for (its processor refuses a reset anyway).
 *
 * <p>A processor whose configured segment count ({@code axon.eventhandling.processors.<name>.initial-segment-count})
 * differs from its stored tokens is re-split to that count as part of the reset, so a rebuild can run with
 * more segments (and threads) than the live service uses. While a rebuild runs the read models are incomplete;
 * every other instance of the service must be stopped (this one must be able to claim every token).
 */
@Service
public class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final EventStore eventStore;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<EventProcessorProperties> processorProperties;
    private final ProjectionChanges changes;
    private final Duration timeout;
    private final ReentrantLock running = new ReentrantLock();

    ProjectionRebuild(EventProcessingConfiguration processing, TokenStore tokenStore, TransactionManager transactions,
                      @Qualifier("eventStore") EventStore eventStore, JdbcClient jdbc,
                      ApplicationEventPublisher publisher, ObjectProvider<EventProcessorProperties> processorProperties,
                      ProjectionChanges changes, @Value("${incident-ledger.rebuild.timeout:30m}") Duration timeout) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.processorProperties = processorProperties;
        this.changes = changes;
        this.timeout = timeout;
    }

    /**
     * Rebuilds every projection; returns when all have replayed the store as it was when this was called.
     *
     * @throws RebuildInProgressException if a rebuild is already running here
     * @throws IllegalStateException      if a projection fails or does not catch up within the timeout
     */
    public Rebuilt rebuild() {
        if (!running.tryLock()) {
            throw new RebuildInProgressException();
        }
        try {
            // The replay records and announces nothing; the result is announced once, when it is done.
            return changes.quietWhile(this::rebuildAll);
        } finally {
            running.unlock();
        }
    }

    private Rebuilt rebuildAll() {
        Map<String, StreamingEventProcessor> processors = new LinkedHashMap<>();
        for (String name : processors()) {
            processors.put(name, processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no streaming event processor " + name)));
        }
        long started = System.nanoTime();
        long head = jdbc.sql("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry").query(Long.class).single();
        long events = jdbc.sql("SELECT COUNT(*) FROM DomainEventEntry WHERE globalIndex <= ?").param(head)
                .query(Long.class).single();
        log.info("Rebuilding {} from {} events (up to position {})", processors.keySet(), events, head);

        Map<String, Settings> settings = new LinkedHashMap<>();
        try {
            processors.values().forEach(StreamingEventProcessor::shutDown);
            processors.forEach((name, processor) -> {
                processor.resetTokens();
                settings.put(name, resplit(name));
            });
        } finally {
            // A failed reset (another instance holds a token, say) must not leave the projections stopped.
            processors.values().forEach(StreamingEventProcessor::start);
        }
        awaitReplay(processors, settings, head);

        long millis = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        Rebuilt rebuilt = new Rebuilt(List.copyOf(processors.keySet()), events, millis,
                Math.round(events * 1000.0 / millis), settings);
        publisher.publishEvent(new ProjectionsRebuilt(rebuilt.processors(), head));
        log.info("Rebuilt {}: {} events in {} ms, {} events/s ({})", rebuilt.processors(), events, millis,
                rebuilt.eventsPerSecond(), settings);
        return rebuilt;
    }

    /** The processors a rebuild stops, resets and replays: every read model, never the audit chain. */
    public List<String> processors() {
        return Processors.READ_MODELS;
    }

    /**
     * After the reset, re-splits the processor's tokens if its configured segment count differs: the new tokens
     * replay from the start too (the reset handlers have already run).
     */
    private Settings resplit(String name) {
        EventProcessorProperties.ProcessorSettings configured = configured(name);
        int batchSize = configured == null ? 1 : configured.getBatchSize();
        int current = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        Integer wanted = configured == null ? null : configured.getInitialSegmentCount();
        if (wanted == null || wanted == current) {
            return new Settings(current, batchSize);
        }
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(name)) {
                tokenStore.deleteToken(name, segment);
            }
            tokenStore.initializeTokenSegments(name, wanted,
                    ReplayToken.createReplayToken(eventStore.createHeadToken()));
        });
        log.info("Processor '{}' re-split from {} to {} segments for the rebuild", name, current, wanted);
        return new Settings(wanted, batchSize);
    }

    private EventProcessorProperties.ProcessorSettings configured(String name) {
        EventProcessorProperties properties = processorProperties.getIfAvailable();
        return properties == null ? null : properties.getProcessors().get(name);
    }

    private void awaitReplay(Map<String, StreamingEventProcessor> processors, Map<String, Settings> settings,
                             long head) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> behind = new ArrayList<>(processors.keySet());
        while (!behind.isEmpty()) {
            behind.removeIf(name -> passed(processors.get(name).processingStatus(), settings.get(name).segments(),
                    head));
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rebuild did not reach position " + head + " within " + timeout
                        + "; behind: " + describe(processors, behind));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rebuild interrupted; behind: " + describe(processors, behind), e);
            }
        }
    }

    private static boolean passed(Map<Integer, EventTrackerStatus> segments, int expectedSegments, long head) {
        return segments.size() == expectedSegments && segments.values().stream()
                .allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= head);
    }

    private static String describe(Map<String, StreamingEventProcessor> processors, List<String> names) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String name : names) {
            Map<Integer, String> segments = new LinkedHashMap<>();
            processors.get(name).processingStatus().forEach((segment, status) -> segments.put(segment,
                    "at " + status.getCurrentPosition().orElse(-1)
                            + (status.isErrorState() ? ", failing: " + status.getError() : "")));
            state.put(name, segments);
        }
        return state.toString();
    }

    /** How a processor ran the rebuild. */
    public record Settings(int segments, int batchSize) {
    }

    /**
     * @param processors      the processing groups rebuilt
     * @param events          the events each of them replayed
     * @param millis          from the first stop to the last processor passing the last event
     * @param eventsPerSecond {@code events} per second of {@code millis}
     * @param settings        segments and batch size per processor
     */
    public record Rebuilt(List<String> processors, long events, long millis, long eventsPerSecond,
                          Map<String, Settings> settings) {
    }

    /** Only one rebuild at a time. */
    public static final class RebuildInProgressException extends RuntimeException {
        RebuildInProgressException() {
            super("a rebuild is already running", null, false, false);
        }
    }
}
