package io.incidentledger.query.changes;

import java.time.ZoneOffset;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.incidentledger.query.Processors;

/**
 * Records, in the projection's own transaction, that a projection has taken an event: one row in
 * {@code projection_change}, which {@link ProjectionChanges} polls to announce it. A {@link Recorder} on every
 * read-model processor ({@link Processors#READ_MODELS}) rather than a call in every handler: no handler can forget it, and a rolled-back batch leaves no
 * row. Announcing through the database rather than in memory is what lets every query-service instance follow
 * changes when another instance holds the processors' tokens; on PostgreSQL the batch also sends a
 * {@link CommitSignal}, so they poll as soon as it commits.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionChangeNotifier {

    @Autowired
    void recordCommittedChanges(EventProcessingConfigurer processing, JdbcClient jdbc, LocalCommits localCommits,
                                CommitSignal signal, ProjectionChanges changes) {
        for (String processor : Processors.READ_MODELS) {
            processing.registerHandlerInterceptor(processor,
                    configuration -> new Recorder(processor, jdbc, localCommits, signal, changes));
        }
    }

    /** The interceptor on one processor that writes its {@code projection_change} rows. */
    public static final class Recorder implements MessageHandlerInterceptor<EventMessage<?>> {

        private final String processor;
        private final JdbcClient jdbc;
        private final LocalCommits localCommits;
        private final CommitSignal signal;
        private final ProjectionChanges changes;
        /** The resource that marks a batch (one transaction) as signalled already. */
        private final String signalled;

        Recorder(String processor, JdbcClient jdbc, LocalCommits localCommits, CommitSignal signal,
                 ProjectionChanges changes) {
            this.processor = processor;
            this.jdbc = jdbc;
            this.localCommits = localCommits;
            this.signal = signal;
            this.changes = changes;
            this.signalled = Recorder.class.getName() + ".signalled." + processor;
        }

        /** The processor whose changes this records. */
        public String processor() {
            return processor;
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            Object result = chain.proceed();
            // Counted once committed: a document rebuilt on this count must find the change in the tables.
            unitOfWork.afterCommit(committed -> localCommits.committed());
            EventMessage<?> event = unitOfWork.getMessage();
            // Not while a rebuild replays the store (ProjectionChanges.quietWhile): it announces the result once.
            if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                    && tracked.trackingToken().position().isPresent() && !changes.quiet()) {
                // Replays are recorded too: a processor's first token on a store that already holds events is a
                // ReplayToken, and those changes are what first builds the documents and the page. A row the
                // purge deleted comes back and is purged again after the retention. Looked up first,
                // because H2 answers ON CONFLICT by building (and dropping) an exception, which doubled the time
                // a rebuild took; ON CONFLICT stays for two writers racing.
                long position = tracked.trackingToken().position().getAsLong();
                jdbc.sql("""
                                INSERT INTO projection_change
                                    (processor, position, aggregate_id, event_type, recorded_at)
                                SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS
                                    (SELECT 1 FROM projection_change WHERE processor = ? AND position = ?)
                                ON CONFLICT DO NOTHING""")
                        .params(processor, position,
                                event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null,
                                event.getPayloadType().getSimpleName(),
                                event.getTimestamp().atOffset(ZoneOffset.UTC), processor, position)
                        .update();
                // Once per batch: the other instances poll when it commits, not up to a poll interval later.
                if (unitOfWork.root().resources().putIfAbsent(signalled, Boolean.TRUE) == null) {
                    signal.send(jdbc);
                }
            }
            return result;
        }
    }
}
