package io.incidentledger.query.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One SHA-256 over every read model's rows: equal digests, equal read models. Rows are read in the order of all
 * their columns, values written in a canonical form (instants in UTC, numbers as Java prints them, null as a
 * marker), so the digest depends on the content only, not on insertion order or physical layout. Compare
 * digests taken on the same database: collation may order text differently on H2 and PostgreSQL.
 */
@Service
public class ReadModelDigest {

    /** Every table a projection writes and a rebuild re-derives. */
    public static final List<String> READ_MODELS = List.of("component_view", "incident_view", "incident_update_view",
            "incident_update_change", "incident_fact", "incident_correction_view", "maintenance_view",
            "maintenance_component", "maintenance_update_view", "maintenance_update_change");

    /**
     * The query-service tables that are not read models, and why. A rebuild does not rewrite them, so they have
     * no place in a digest that proves the rebuild's result.
     */
    public static final Map<String, String> NOT_READ_MODELS = Map.ofEntries(
            Map.entry("tokenentry", "the processors' positions: bookkeeping, not content"),
            Map.entry("projection_change", "a log of when each projection first took each event; a replay adds nothing to it"),
            Map.entry("audit_chain", "the tamper evidence: never reset, never rebuilt"),
            Map.entry("subscriber", "who asked to hear of changes: personal data a rebuild must neither bring back nor drop"),
            Map.entry("subscriber_component", "the components a subscriber chose: part of the subscriber"),
            Map.entry("announcement", "what was announced as news, once: a replay must not announce it again"),
            Map.entry("announcement_component", "the components an announcement concerned: part of the announcement"),
            Map.entry("subscription_rate_bucket", "how many subscriptions each client made lately: a limit, not content"),
            Map.entry("announced_component_status", "the last status announced per component, so only a change is news"),
            Map.entry("announcement_pending", "events waiting to be announced: a queue, emptied as it is worked"),
            Map.entry("announcer_lease", "which instance announces now: coordination, not content"),
            Map.entry("delivery_cursor", "how far announcements were fanned out to subscribers: bookkeeping, not content"),
            Map.entry("delivery_message", "the messages owed to subscribers: a replay must not send them again"),
            Map.entry("delivery_attempt", "what each delivery attempt met: a log, not content"));

    private final JdbcClient jdbc;

    ReadModelDigest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Digest digest() {
        MessageDigest sha = DigestUtils.getSha256Digest();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : READ_MODELS) {
            rows.put(table, digest(table, sha));
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()), rows);
    }

    private long digest(String table, MessageDigest sha) {
        int columns = jdbc.sql("SELECT * FROM " + table + " WHERE 1 = 0")
                .query(rs -> {
                    return rs.getMetaData().getColumnCount();
                });
        StringJoiner order = new StringJoiner(", ");
        for (int i = 1; i <= columns; i++) {
            order.add(String.valueOf(i));
        }
        write(sha, "table " + table);
        long[] count = {0};
        jdbc.sql("SELECT * FROM " + table + " ORDER BY " + order).query(rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            write(sha, "row");
            for (int i = 1; i <= columns; i++) {
                write(sha, meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
                write(sha, canonical(rs, i, meta.getColumnType(i)));
            }
            count[0]++;
        });
        return count[0];
    }

    private static String canonical(ResultSet rs, int column, int type) throws SQLException {
        Object value = switch (type) {
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> {
                OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
                double number = rs.getDouble(column);
                yield rs.wasNull() ? null : number;
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                byte[] bytes = rs.getBytes(column);
                yield bytes == null ? null : HexFormat.of().formatHex(bytes);
            }
            default -> rs.getObject(column);
        };
        return value == null ? null : value.toString();
    }

    /** Length-prefixed, so that no two different sequences of values feed the same bytes. */
    private static void write(MessageDigest sha, String value) {
        if (value == null) {
            sha.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }


    /**
     * @param digest hex SHA-256 over {@link #READ_MODELS}, in that order
     * @param rows   rows per table
     */
    public record Digest(String digest, Map<String, Long> rows) {
    }
}
