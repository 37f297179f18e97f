package io.incidentledger.systemtest.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One aggregate's events as the event store holds them, read over JDBC: no service in between. */
public final class StoredEvents {

    /** One stored event: its type's simple name, its payload, and its recorded time (the event's timestamp). */
    public record Stored(long sequence, String type, JsonNode payload, Instant recordedAt) {
    }

    private StoredEvents() {
    }

    public static List<Stored> of(Connection connection, String aggregateId) throws SQLException {
        List<Stored> events = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT sequenceNumber, payloadType, payload, "
                + "timeStamp FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            query.setString(1, aggregateId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(2);
                    events.add(new Stored(rows.getLong(1), type.substring(type.lastIndexOf('.') + 1),
                            JsonHttp.MAPPER.readTree(rows.getBytes(3)), Instant.parse(rows.getString(4))));
                }
            }
        }
        return events;
    }
}
