package io.incidentledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentImpactCorrected;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentPostmortemPublished;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden revision-1 rows: events stored as they were before the renames (and before ComponentRegistered's
 * revision 2), inserted as raw rows into a real event store (in-memory H2 in the services' mode, migrated with
 * the event store's own migrations) and read back by the JDBC storage engine built as the services build it,
 * with their events' serializer and upcaster chain. The old names read as the renamed classes with equal
 * payloads, other events pass unchanged, and the rows themselves are never rewritten.
 */
class StoredRevisionOneRowsTest {

    private static final String OLD_IMPACT_CORRECTED = "io.incidentledger.events.incident.ImpactCorrected";
    private static final String OLD_POSTMORTEM_PUBLISHED = "io.incidentledger.events.incident.PostmortemPublished";

    private static ConfiguredEventStore store;

    @BeforeAll
    static void rowsAsStoredBeforeTheRenames() throws SQLException {
        store = ConfiguredEventStore.start();
        insert("Component", "bamboo", 0, ComponentRegistered.class.getName(), "1", "ComponentRegistered.v1.json");
        insert("Incident", "inc-1", 0, IncidentOpened.class.getName(), "1", "IncidentOpened.v1.json");
        insert("Incident", "inc-1", 1, OLD_IMPACT_CORRECTED, "1", "ImpactCorrected.v1.json");
        insert("Incident", "inc-1", 2, OLD_POSTMORTEM_PUBLISHED, "1", "PostmortemPublished.v1.json");
        insert("Incident", "inc-1", 3, IncidentImpactCorrected.class.getName(), "1", "IncidentImpactCorrected.v1.json");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void anAggregatesOldRowsReadAsTheRenamedEventsWithEqualPayloads() {
        List<? extends DomainEventMessage<?>> events = store.storageEngine().readEvents("inc-1").asStream().toList();

        assertThat(events).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(events).extracting(e -> e.getPayloadType().getName()).containsExactly(
                IncidentOpened.class.getName(), IncidentImpactCorrected.class.getName(),
                IncidentPostmortemPublished.class.getName(), IncidentImpactCorrected.class.getName());
        assertThat(events.get(1).getPayload()).isEqualTo(GoldenEvents.impactCorrected());
        assertThat(events.get(2).getPayload()).isEqualTo(GoldenEvents.postmortemPublished());
        assertThat(events.get(3).getPayload()).isEqualTo(GoldenEvents.impactCorrected());
        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsEntry("actor", "commander"));
    }

    @Test
    void otherEventsPassUnchangedOrAreUpcastByTheirOwnStep() {
        List<? extends DomainEventMessage<?>> incident = store.storageEngine().readEvents("inc-1").asStream().toList();
        assertThat(incident.get(0).getPayload()).isEqualTo(new IncidentOpened("inc-1", "Widespread application outage",
                Impact.CRITICAL, IncidentStatus.INVESTIGATING, "upd-1", "We are investigating.", GoldenEvents.AT,
                List.of(new ComponentDeclaration("bamboo", ComponentStatus.MAJOR_OUTAGE, null),
                        new ComponentDeclaration("cedar", ComponentStatus.PARTIAL_OUTAGE, 0.3))));

        List<? extends DomainEventMessage<?>> component = store.storageEngine().readEvents("bamboo").asStream().toList();
        assertThat(component).singleElement().satisfies(e -> assertThat(e.getPayload()).isEqualTo(
                new ComponentRegistered("bamboo", "Bamboo stack", "Production", "Legacy HTTP stack", 1, true, false)));
    }

    /** What the processors read: the global stream, in order, through the same chain. */
    @Test
    void theEventStreamReadsTheRenamedEventsToo() {
        List<Object> payloads = store.storageEngine().readEvents(null, false).limit(5)
                .map(TrackedEventMessage::getPayload).map(Object.class::cast).toList();

        assertThat(payloads).hasSize(5);
        assertThat(payloads.get(2)).isEqualTo(GoldenEvents.impactCorrected());
        assertThat(payloads.get(3)).isEqualTo(GoldenEvents.postmortemPublished());
    }

    /** The audit chain hashes rows as stored: reading upcasts in memory and writes nothing back. */
    @Test
    void theRowsKeepTheirStoredTypeNames() throws SQLException {
        store.storageEngine().readEvents("inc-1").asStream().forEach(DomainEventMessage::getPayload);

        List<String> types = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = 'inc-1'"
                             + " ORDER BY sequenceNumber");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                types.add(rows.getString(1));
            }
        }
        assertThat(types).containsExactly(IncidentOpened.class.getName(), OLD_IMPACT_CORRECTED,
                OLD_POSTMORTEM_PUBLISHED, IncidentImpactCorrected.class.getName());
    }

    /** A raw row, as the JDBC storage engine writes one: the golden payload bytes, the metadata as JSON. */
    private static void insert(String aggregateType, String aggregateId, long sequence, String payloadType,
                               String revision, String golden) throws SQLException {
        byte[] metaData = store.eventSerializer()
                .serialize(MetaData.from(Map.of("actor", "commander")), byte[].class).getData();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO DomainEventEntry (aggregateIdentifier,"
                     + " sequenceNumber, type, eventIdentifier, metaData, payload, payloadRevision, payloadType,"
                     + " timeStamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, aggregateId);
            insert.setLong(2, sequence);
            insert.setString(3, aggregateType);
            insert.setString(4, UUID.randomUUID().toString());
            insert.setBytes(5, metaData);
            insert.setBytes(6, GoldenEvents.bytes(golden));
            insert.setString(7, revision);
            insert.setString(8, payloadType);
            insert.setString(9, GoldenEvents.AT.plusSeconds(sequence).toString());
            insert.executeUpdate();
        }
    }
}
