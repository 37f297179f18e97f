package io.incidentledger.query.component;

import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.component.ComponentRetired;
import io.incidentledger.events.component.ComponentUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

import io.incidentledger.query.Processors;

import static io.incidentledger.query.Sql.utc;

/**
 * The components of the status page, as registered, updated and retired. {@code version} is the sequence number of
 * the component's last event applied: the aggregate version command-service reports and accepts as If-Match.
 */
@Component
@ProcessingGroup(Processors.COMPONENTS)
class ComponentProjection {

    private final JdbcClient jdbc;

    ComponentProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ComponentRegistered event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        jdbc.sql("""
                        INSERT INTO component_view
                            (component_id, name, group_name, description, position, retired, created_at, updated_at,
                             showcase, only_show_if_degraded, version)
                        VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?)""")
                .params(event.componentId(), event.name(), event.group(), event.description(), event.position(),
                        utc(recordedAt), utc(recordedAt), event.showcase(), event.onlyShowIfDegraded(), sequence)
                .update();
    }

    @EventHandler
    void on(ComponentUpdated event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        jdbc.sql("""
                        UPDATE component_view SET name = ?, group_name = ?, description = ?, position = ?, updated_at = ?,
                            version = ?
                        WHERE component_id = ?""")
                .params(event.name(), event.group(), event.description(), event.position(), utc(recordedAt),
                        sequence, event.componentId())
                .update();
    }

    @EventHandler
    void on(ComponentRetired event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        jdbc.sql("UPDATE component_view SET retired = TRUE, updated_at = ?, version = ? WHERE component_id = ?")
                .params(utc(recordedAt), sequence, event.componentId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM component_view").update();
    }
}
