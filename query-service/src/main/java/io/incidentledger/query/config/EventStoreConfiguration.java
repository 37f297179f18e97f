package io.incidentledger.query.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * query-service reads the event store that command-service appends to, from another process. Events
 * written elsewhere are only seen by polling, so the poll interval (Axon's fetch delay, 1 s by default)
 * bounds how stale every projection can be; we set it ourselves, which means declaring the store here.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    @Bean(name = {"eventStore", "eventBus"})
    EventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                          EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
    }

    /**
     * Axon's default for a failing event handler is to log and skip the event, so a projection drifts
     * silently. Propagating makes the processor roll the batch back (token included) and retry it with
     * back-off; the stuck segment shows in health until the cause is fixed. Nothing is ever skipped.
     */
    @Autowired
    void neverSkipEvents(EventProcessingConfigurer configurer) {
        configurer.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /** @param fetchDelay how long a caught-up processor waits before polling the store again */
    @ConfigurationProperties("incident-ledger.event-store")
    record EventStoreProperties(Duration fetchDelay) {
        EventStoreProperties {
            fetchDelay = fetchDelay != null ? fetchDelay : Duration.ofMillis(50);
        }
    }
}
