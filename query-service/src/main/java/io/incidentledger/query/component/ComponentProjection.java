package io.incidentledger.query.component;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.incidentledger.query.Sql.utc;

/** The components of the status page, as registered, updated and retired. */
@Component
@ProcessingGroup(ComponentProjection.PROCESSING_GROUP)
class ComponentProjection {

    static final String PROCESSING_GROUP = "components";

    private final JdbcClient jdbc;

    ComponentProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ComponentRegistered event, @Timestamp Instant recordedAt) {
        jdbc.sql("""
                        INSERT INTO component_view
                            (component_id, name, group_name, description, position, retired, created_at, updated_at,
                             showcase, only_show_if_degraded)
                        VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?)""")
                .params(event.componentId(), event.name(), event.group(), event.description(), event.position(),
                        utc(recordedAt), utc(recordedAt), event.showcase(), event.onlyShowIfDegraded())
                .update();
    }

    @EventHandler
    void on(ComponentUpdated event, @Timestamp Instant recordedAt) {
        jdbc.sql("""
                        UPDATE component_view SET name = ?, group_name = ?, description = ?, position = ?, updated_at = ?
                        WHERE component_id = ?""")
                .params(event.name(), event.group(), event.description(), event.position(), utc(recordedAt),
                        event.componentId())
                .update();
    }

    @EventHandler
    void on(ComponentRetired event, @Timestamp Instant recordedAt) {
        jdbc.sql("UPDATE component_view SET retired = TRUE, updated_at = ? WHERE component_id = ?")
                .params(utc(recordedAt), event.componentId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM component_view").update();
    }
}
