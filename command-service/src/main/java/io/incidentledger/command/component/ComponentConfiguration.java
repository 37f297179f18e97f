package io.incidentledger.command.component;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the component aggregate with Axon, and the catalog the incident aggregate checks declarations
 * against. The catalog's processor is subscribing, and must be: its rows are written in the transaction that
 * appends the component's event, so a registration and its catalog row commit or roll back together, and an
 * incident declaring the component right after its registration's 2xx always finds it. A streaming processor
 * would lag behind and refuse that declaration.
 */
@Configuration(proxyBeanMethods = false)
class ComponentConfiguration {

    @Bean
    ConfigurerModule componentAggregate() {
        return configurer -> configurer.configureAggregate(Component.class);
    }

    @Bean
    ConfigurerModule componentCatalogInTheCommandsTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ComponentCatalogProjection.PROCESSING_GROUP);
    }
}
