package io.incidentledger.query.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * One row of the event store exactly as stored: the serialized bytes, not what deserializing them makes of
 * them. The chain hashes these, so an upcaster or a serializer change can never look like tampering, and no
 * change to the stored row can hide behind a lenient deserializer.
 */
record StoredEvent(long position, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                   String aggregateType, String payloadType, String payloadRevision, String timeStamp,
                   byte[] payload, byte[] metaData) {

    /** The columns {@link #from} reads, aliased so a join may add its own. */
    static final String COLUMNS = "e.globalIndex, e.eventIdentifier, e.aggregateIdentifier, e.sequenceNumber, "
            + "e.type, e.payloadType, e.payloadRevision, e.timeStamp, e.payload, e.metaData";

    /** The hash before the first link. */
    static final String GENESIS = "0".repeat(64);

    /** Names the encoding, so that a future one can never produce the same hash for different content. */
    private static final byte[] DOMAIN = "incident-ledger/audit-chain/v1".getBytes(StandardCharsets.UTF_8);

    static StoredEvent from(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("globalIndex"), rs.getString("eventIdentifier"),
                rs.getString("aggregateIdentifier"), rs.getLong("sequenceNumber"), rs.getString("type"),
                rs.getString("payloadType"), rs.getString("payloadRevision"), rs.getString("timeStamp"),
                rs.getBytes("payload"), rs.getBytes("metaData"));
    }

    /**
     * SHA-256 of the previous link's hash and this event's canonical bytes: every field length-prefixed (a null
     * as length -1), so no two different rows encode alike.
     */
    String chain(String previousHash) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + payload.length);
            DataOutputStream out = new DataOutputStream(bytes);
            write(out, DOMAIN);
            write(out, HexFormat.of().parseHex(previousHash));
            out.writeLong(position);
            write(out, eventIdentifier);
            write(out, aggregateIdentifier);
            out.writeLong(sequenceNumber);
            write(out, aggregateType);
            write(out, payloadType);
            write(out, payloadRevision);
            write(out, timeStamp);
            write(out, payload);
            write(out, metaData);
            out.flush();
            return DigestUtils.sha256Hex(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, String value) throws IOException {
        write(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }
}
