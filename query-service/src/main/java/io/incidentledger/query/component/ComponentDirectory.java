package io.incidentledger.query.component;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

import static io.incidentledger.query.Sql.instant;
import static io.incidentledger.query.Sql.nullableLong;

/** Reads the component read model, in page order (position, then name). */
@Repository
public class ComponentDirectory {

    private static final RowMapper<ComponentView> ROW = (rs, n) -> new ComponentView(
            rs.getString("component_id"), rs.getString("name"), rs.getString("group_name"),
            rs.getString("description"), rs.getInt("position"), rs.getBoolean("retired"),
            instant(rs, "created_at"), instant(rs, "updated_at"), rs.getBoolean("showcase"),
            rs.getBoolean("only_show_if_degraded"), nullableLong(rs, "version"));

    private final JdbcClient jdbc;

    ComponentDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every component ever registered, retired ones included (history still names them). */
    public List<ComponentView> all() {
        return jdbc.sql("SELECT * FROM component_view ORDER BY position, name, component_id").query(ROW).list();
    }

    public List<ComponentView> active() {
        return all().stream().filter(c -> !c.retired()).toList();
    }

    public Optional<ComponentView> find(String id) {
        return jdbc.sql("SELECT * FROM component_view WHERE component_id = ?").param(id).query(ROW).optional();
    }
}
