package io.incidentledger.command.component;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * The command side's lookup of components. Its processing group is subscribing (see ComponentConfiguration):
 * rows are written in the transaction that appends the event, so they commit or roll back together.
 */
@Repository
@ProcessingGroup(ComponentCatalogProjection.PROCESSING_GROUP)
class ComponentCatalogProjection implements ComponentCatalog {

    static final String PROCESSING_GROUP = "component-catalog";

    private final JdbcClient jdbc;

    ComponentCatalogProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ComponentRegistered event) {
        jdbc.sql("INSERT INTO component_catalog (component_id, retired) VALUES (?, FALSE)")
                .param(event.componentId()).update();
    }

    @EventHandler
    void on(ComponentRetired event) {
        jdbc.sql("UPDATE component_catalog SET retired = TRUE WHERE component_id = ?")
                .param(event.componentId()).update();
    }

    @Override
    public Optional<Standing> standingOf(String componentId) {
        return jdbc.sql("SELECT retired FROM component_catalog WHERE component_id = ?")
                .param(componentId)
                .query((rs, row) -> rs.getBoolean(1) ? Standing.RETIRED : Standing.ACTIVE)
                .optional();
    }
}
