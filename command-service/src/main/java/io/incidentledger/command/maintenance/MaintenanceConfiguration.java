package io.incidentledger.command.maintenance;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Registers the maintenance and series aggregates with Axon, and the occurrence scheduler: a tracking processor
 * (token in the command side's own token table, same database) whose handler failures are retried, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class MaintenanceConfiguration {

    @Bean
    ConfigurerModule maintenanceAggregates() {
        return configurer -> configurer
                .configureAggregate(Maintenance.class)
                .configureAggregate(MaintenanceSeries.class);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService occurrenceSender() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "maintenance-occurrence-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ConfigurerModule occurrenceScheduler(ExecutorService occurrenceSender) {
        return configurer -> {
            configurer.eventProcessing()
                    .registerTrackingEventProcessor(OccurrenceScheduler.PROCESSING_GROUP,
                            org.axonframework.config.Configuration::eventStore,
                            config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing())
                    .registerListenerInvocationErrorHandler(OccurrenceScheduler.PROCESSING_GROUP,
                            config -> PropagatingErrorHandler.instance())
                    // No transaction around a batch: the handler waits for each occurrence's command, and a
                    // transaction would hold a connection all that time (the commands need their own). The token is
                    // then stored after the batch, in its own statement (Axon's storeTokenBeforeProcessing is off
                    // without a transaction manager): a crash before it replays the batch, which meets existing ids.
                    .registerTransactionManager(OccurrenceScheduler.PROCESSING_GROUP,
                            config -> NoTransactionManager.instance())
                    .registerEventHandler(config -> new OccurrenceScheduler(config.commandGateway(),
                            config.eventStore(), occurrenceSender));
        };
    }

    @Bean
    SeriesHorizon seriesHorizon(MaintenanceProperties properties) {
        return new SeriesHorizon(properties.recurrenceHorizon());
    }

    /** @param recurrenceHorizon how far ahead a series' occurrences exist as maintenances (default 14 days) */
    @ConfigurationProperties("incident-ledger.maintenance")
    record MaintenanceProperties(Duration recurrenceHorizon) {
        MaintenanceProperties {
            recurrenceHorizon = recurrenceHorizon != null ? recurrenceHorizon : Duration.ofDays(14);
        }
    }
}
