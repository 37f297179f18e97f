package io.incidentledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.incidentledger.events.IncidentStatus;
import io.incidentledger.query.QueryApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Someone with write access to the database changes the recorded history directly, the way no command could:
 * every kind of change is caught by GET /api/audit/verify at the first event it touched. Each case tampers with
 * an incident of its own and restores the rows afterwards, so the shared ledger stays intact for other tests.
 */
class AuditChainTamperTest extends QueryApiTest {

    /** The new incident's events in order: opened, update, update, resolved. */
    private List<Long> positions;

    @BeforeEach
    void anIncidentOfItsOwnChainedAndVerified() {
        String component = registerComponent("tamper");
        String incident = openIncident(now.minusSeconds(3600), declare(component, MAJOR));
        postUpdate(incident, IncidentStatus.IDENTIFIED, now.minusSeconds(1800), declare(component, PARTIAL));
        postUpdate(incident, IncidentStatus.MONITORING, now.minusSeconds(900), declare(component, DEGRADED));
        resolveIncident(incident, now.minusSeconds(60));
        awaitProjections();
        positions = jdbc.sql("SELECT globalIndex FROM DomainEventEntry WHERE aggregateIdentifier = ?"
                        + " ORDER BY sequenceNumber")
                .param(incident).query(Long.class).list();
        assertThat(positions).hasSize(4);
        assertVerified();
    }

    @Test
    void anAlteredPayloadBreaksTheChainAtThatEvent() {
        try (var saved = save(positions.get(1))) {
            jdbc.sql("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?")
                    .params(replace(payloadOf(positions.get(1)), "identified", "monitoring"), positions.get(1))
                    .update();

            assertBrokenAt(positions.get(1), "altered");
        }
        assertVerified();
    }

    @Test
    void anAlteredTimestampBreaksTheChainAtThatEvent() {
        try (var saved = save(positions.get(2))) {
            jdbc.sql("UPDATE DomainEventEntry SET timeStamp = ? WHERE globalIndex = ?")
                    .params(now.minusSeconds(86_400).toString(), positions.get(2)).update();

            assertBrokenAt(positions.get(2), "altered");
        }
        assertVerified();
    }

    @Test
    void alteredMetadataBreaksTheChainAtThatEvent() {
        try (var saved = save(positions.get(0))) {
            byte[] metadata = jdbc.sql("SELECT metaData FROM DomainEventEntry WHERE globalIndex = ?")
                    .param(positions.get(0)).query(byte[].class).single();
            jdbc.sql("UPDATE DomainEventEntry SET metaData = ? WHERE globalIndex = ?")
                    .params(replace(metadata, "commander@example.com", "somebody@example.com"), positions.get(0))
                    .update();

            assertBrokenAt(positions.get(0), "altered");
        }
        assertVerified();
    }

    @Test
    void aDeletedEventBreaksTheChainWhereItWas() {
        try (var saved = save(positions.get(2))) {
            jdbc.sql("DELETE FROM DomainEventEntry WHERE globalIndex = ?").param(positions.get(2)).update();

            assertBrokenAt(positions.get(2), "removed");
        }
        assertVerified();
    }

    @Test
    void twoEventsWithSwappedPayloadsBreakTheChainAtTheFirst() {
        long first = positions.get(1);
        long second = positions.get(2);
        try (var saved = save(first, second)) {
            byte[] firstPayload = payloadOf(first);
            jdbc.sql("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?").params(payloadOf(second), first)
                    .update();
            jdbc.sql("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?").params(firstPayload, second)
                    .update();

            assertBrokenAt(first, "altered");
        }
        assertVerified();
    }

    @Test
    void twoEventsThatSwappedPlacesBreakTheChainAtTheFirst() {
        long first = positions.get(1);
        long second = positions.get(2);
        try (var saved = save(first, second)) {
            move(first, -first);
            move(second, first);
            move(-first, second);

            assertBrokenAt(first, "replaced");
        }
        assertVerified();
    }

    @Test
    void anEventSlippedInAmongChainedOnesIsReportedAsInserted() {
        long slipped = -positions.get(0);
        try (var saved = save(slipped)) {
            jdbc.sql("""
                            INSERT INTO DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type,
                                eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp)
                            SELECT ?, aggregateIdentifier || '-forged', sequenceNumber, type,
                                eventIdentifier || '-forged', metaData, payload, payloadRevision, payloadType, timeStamp
                            FROM DomainEventEntry WHERE globalIndex = ?""")
                    .params(slipped, positions.get(0)).update();

            JsonNode verification = verify("");
            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstBrokenLink").path("position").asLong()).isEqualTo(slipped);
            assertThat(verification.path("firstBrokenLink").path("reason").asString()).startsWith("inserted");
        }
        assertVerified();
    }

    /**
     * An attacker who also recomputes the chain after the change leaves a consistent database: only a head
     * published elsewhere before the change gives them away.
     */
    @Test
    void aRewriteOfStoreAndChainTogetherIsCaughtByAPublishedHead() {
        JsonNode published = getJson("/api/audit/head");
        long last = positions.get(3);
        assertThat(published.path("position").asLong()).isEqualTo(last);
        assertThat(published.path("hash").asString()).hasSize(64);
        String anchor = "?position=" + last + "&hash=" + published.path("hash").asString();
        assertThat(verify(anchor).path("anchor").path("matches").asBoolean()).isTrue();
        assertThat(verify(anchor).path("verified").asBoolean()).isTrue();

        long link = jdbc.sql("SELECT link FROM audit_chain WHERE position = ?").param(last).query(Long.class).single();
        String chainedHash = jdbc.sql("SELECT hash FROM audit_chain WHERE link = ?").param(link)
                .query(String.class).single();
        try (var saved = save(last)) {
            jdbc.sql("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?")
                    .params(replace(payloadOf(last), "Resolved.", "Nothing happened."), last).update();
            String previous = jdbc.sql("SELECT hash FROM audit_chain WHERE link = ?").param(link - 1)
                    .query(String.class).single();
            StoredEvent forged = jdbc.sql(
                            "SELECT " + StoredEvent.COLUMNS + " FROM DomainEventEntry e WHERE e.globalIndex = ?")
                    .param(last).query((rs, n) -> StoredEvent.from(rs)).single();
            jdbc.sql("UPDATE audit_chain SET hash = ? WHERE link = ?").params(forged.chain(previous), link).update();

            assertThat(verify("").path("verified").asBoolean()).as("consistent after the rewrite").isTrue();
            JsonNode anchored = verify(anchor);
            assertThat(anchored.path("verified").asBoolean()).isFalse();
            assertThat(anchored.path("anchor").path("matches").asBoolean()).isFalse();
        } finally {
            jdbc.sql("UPDATE audit_chain SET hash = ? WHERE link = ?").params(chainedHash, link).update();
        }
        assertThat(verify(anchor).path("verified").asBoolean()).isTrue();
    }

    @Test
    void theHeadIsTheLatestChainedEvent() {
        JsonNode head = getJson("/api/audit/head");
        long last = positions.get(3);
        assertThat(head.path("position").asLong()).isEqualTo(last);
        String identifier = jdbc.sql("SELECT eventIdentifier FROM DomainEventEntry WHERE globalIndex = ?")
                .param(last).query(String.class).single();
        assertThat(head.path("eventIdentifier").asString()).isEqualTo(identifier);
        assertThat(head.path("hash").asString()).matches("[0-9a-f]{64}");
        assertThat(head.path("events").asLong()).isEqualTo(verify("").path("checkedEvents").asLong());
        assertThat(head.path("recordedAt").asString()).isNotBlank();
    }

    @Test
    void anAnchorNeedsAPositionAndAHash() {
        getBadQuery("/api/audit/verify?position=3", "hash");
        getBadQuery("/api/audit/verify?hash=" + "a".repeat(64), "position");
        getBadQuery("/api/audit/verify?position=3&hash=xyz", "hash");
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private JsonNode verify(String query) {
        return getJson("/api/audit/verify" + query);
    }

    private void assertVerified() {
        JsonNode verification = verify("");
        assertThat(verification.path("verified").asBoolean()).as("verification: %s", verification).isTrue();
        JsonNode broken = verification.path("firstBrokenLink");
        assertThat(broken.isNull() || broken.isMissingNode())
                .as("verification: %s", verification).isTrue();
        assertThat(verification.path("checkedEvents").asLong()).isGreaterThanOrEqualTo(positions.size());
        assertThat(verification.path("head").path("position").asLong()).isGreaterThanOrEqualTo(positions.get(3));
    }

    private void assertBrokenAt(long position, String reason) {
        JsonNode verification = verify("");
        assertThat(verification.path("verified").asBoolean()).as("verification: %s", verification).isFalse();
        JsonNode broken = verification.path("firstBrokenLink");
        assertThat(broken.path("position").asLong()).as("verification: %s", verification).isEqualTo(position);
        assertThat(broken.path("reason").asString()).startsWith(reason);
        // Everything before the broken link still verified, and nothing after it is vouched for.
        assertThat(verification.path("head").path("position").asLong()).isLessThan(position);
    }

    private void move(long from, long to) {
        jdbc.sql("UPDATE DomainEventEntry SET globalIndex = ? WHERE globalIndex = ?").params(to, from).update();
    }

    private byte[] payloadOf(long position) {
        return jdbc.sql("SELECT payload FROM DomainEventEntry WHERE globalIndex = ?").param(position)
                .query(byte[].class).single();
    }

    private static byte[] replace(byte[] json, String from, String to) {
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    /** Saves the rows at these positions; closing puts exactly them back (and removes whatever else is there). */
    private Saved save(long... positions) {
        List<Object[]> rows = new ArrayList<>();
        for (long position : positions) {
            jdbc.sql("""
                            SELECT globalIndex, aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData,
                                   payload, payloadRevision, payloadType, timeStamp
                            FROM DomainEventEntry WHERE globalIndex = ?""")
                    .param(position)
                    .query((rs, n) -> new Object[]{rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getBytes(6), rs.getBytes(7), rs.getString(8), rs.getString(9),
                            rs.getString(10)})
                    .list().forEach(rows::add);
        }
        return new Saved(positions, rows);
    }

    private final class Saved implements AutoCloseable {
        private final long[] positions;
        private final List<Object[]> rows;

        Saved(long[] positions, List<Object[]> rows) {
            this.positions = positions;
            this.rows = rows;
        }

        @Override
        public void close() {
            for (long position : positions) {
                jdbc.sql("DELETE FROM DomainEventEntry WHERE globalIndex = ?").param(position).update();
            }
            for (Object[] row : rows) {
                jdbc.sql("""
                                INSERT INTO DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type,
                                    eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(row).update();
            }
        }
    }
}
