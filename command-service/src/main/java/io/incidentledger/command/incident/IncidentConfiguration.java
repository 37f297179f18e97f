package io.incidentledger.command.incident;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/**
 * Registers the incident aggregate with Axon, with its snapshots. The
 * aggregate is registered here rather than with Axon's Spring stereotype, so that the domain class carries no
 * Spring annotation at all.
 */
@Configuration(proxyBeanMethods = false)
class IncidentConfiguration {

    /**
     * An incident is snapshotted every this many events. Without snapshots every command re-reads the whole
     * history, which made a busy incident's commands slower with each update (bench/commands.sh: 18 ms per update
     * at a few hundred events). Snapshots live in the shared database, so every instance loads the same state;
     * a per-instance aggregate cache would not, and is deliberately not used.
     */
    static final int SNAPSHOT_THRESHOLD = 50;

    @Bean
    ConfigurerModule incidentAggregate() {
        return configurer -> configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Incident.class)
                .configureSnapshotTrigger(config -> new EventCountSnapshotTriggerDefinition(
                        snapshotter(config), SNAPSHOT_THRESHOLD)));
    }

    /**
     * Spring's snapshotter only knows aggregates registered as Spring beans; ours is registered with the
     * configurer, so the incident gets a snapshotter of its own. It runs in the committing thread, after the
     * command's transaction, in one of its own.
     */
    private static Snapshotter snapshotter(org.axonframework.config.Configuration config) {
        return AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                // Inspected with the configuration's parameter resolvers: the handlers take Spring beans
                // (EffectiveTimePolicy, ComponentCatalog) that the class-path default cannot resolve.
                .aggregateFactories(new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                        Incident.class, config.parameterResolverFactory(), config.handlerDefinition(Incident.class))))
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(Incident.class))
                .transactionManager(config.getComponent(TransactionManager.class))
                .build();
    }
}
