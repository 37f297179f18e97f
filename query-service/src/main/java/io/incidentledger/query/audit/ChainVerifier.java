package io.incidentledger.query.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Recomputes the audit chain from the event store as it is now and compares it, link by link, with the chain
 * recorded when each event was first seen. The first difference is the first broken link: an event altered
 * (payload, metadata, time, identifiers), removed, replaced or moved. A stored event the chain passed without
 * ever seeing was inserted afterwards. Rewriting the store and the chain together is only caught against a
 * head published elsewhere: the anchor.
 */
@Service
class ChainVerifier {

    /** Links read per query: a long history is verified in pages, never held in memory at once. */
    static final int PAGE = 1000;

    private final JdbcClient jdbc;

    ChainVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest link: what to publish outside the database. Empty while nothing is chained. */
    Optional<Head> head() {
        return jdbc.sql("""
                        SELECT link, position, event_identifier, recorded_at, hash, chained_at FROM audit_chain
                        WHERE link = (SELECT MAX(link) FROM audit_chain)""")
                .query((rs, n) -> new Head(rs.getLong("position"), rs.getString("hash"),
                        rs.getString("event_identifier"), Instant.parse(rs.getString("recorded_at")),
                        rs.getObject("chained_at", OffsetDateTime.class).toInstant(), rs.getLong("link") + 1))
                .optional();
    }

    /**
     * @param anchor a head published earlier (its position and hash), or null: the recomputed chain must pass
     *               through it
     */
    Verification verify(Anchor anchor) {
        String hash = StoredEvent.GENESIS;
        long checked = 0;
        long lastPosition = -1;
        boolean anchorMatches = false;
        BrokenLink broken = null;
        List<Row> page;
        do {
            page = page(checked);
            for (Row row : page) {
                broken = check(row, checked, hash);
                if (broken != null) {
                    break;
                }
                hash = row.hash();
                lastPosition = row.position();
                checked++;
                if (anchor != null && anchor.position() == row.position()) {
                    anchorMatches = anchor.hash().equalsIgnoreCase(hash);
                }
            }
        } while (broken == null && page.size() == PAGE);
        if (broken == null) {
            broken = inserted(lastPosition).orElse(null);
        }
        // An anchor before the first broken link may still have matched; one after it is not vouched for.
        AnchorCheck anchorCheck = anchor == null ? null
                : new AnchorCheck(anchor.position(), anchor.hash(), anchorMatches);
        return new Verification(broken == null && (anchorCheck == null || anchorCheck.matches()), checked,
                checked == 0 ? null : new ChainHead(lastPosition, hash), broken, anchorCheck);
    }

    /** Up to {@link #PAGE} links from {@code link} on, each with the stored event now at its position. */
    private List<Row> page(long link) {
        return jdbc.sql("SELECT c.link, c.position AS chained_position, c.event_identifier AS chained_identifier,"
                        + " c.hash AS chained_hash, " + StoredEvent.COLUMNS + """
                         FROM audit_chain c LEFT JOIN DomainEventEntry e ON e.globalIndex = c.position
                        WHERE c.link >= ? ORDER BY c.link LIMIT ?""")
                .params(link, PAGE)
                .query((rs, n) -> new Row(rs.getLong("link"), rs.getLong("chained_position"),
                        rs.getString("chained_identifier"), rs.getString("chained_hash"),
                        rs.getString("eventIdentifier") == null ? null : StoredEvent.from(rs)))
                .list();
    }

    /** What is wrong with the link expected at {@code expected} after {@code previousHash}; null if nothing. */
    private static BrokenLink check(Row row, long expected, String previousHash) {
        if (row.link() != expected) {
            return new BrokenLink(expected, row.position(), row.identifier(),
                    "missing link: the chain itself was cut at link " + expected);
        }
        if (row.stored() == null) {
            return new BrokenLink(row.link(), row.position(), row.identifier(),
                    "removed: no stored event at this position any more");
        }
        if (!row.stored().eventIdentifier().equals(row.identifier())) {
            return new BrokenLink(row.link(), row.position(), row.identifier(),
                    "replaced: event " + row.stored().eventIdentifier() + " now stands where this one was chained");
        }
        if (!row.stored().chain(previousHash).equals(row.hash())) {
            return new BrokenLink(row.link(), row.position(), row.identifier(),
                    "altered: the stored event (payload, metadata, time or identifiers) or its link differs from"
                            + " what was chained");
        }
        return null;
    }

    /**
     * A stored event below the chain's last position that the chain never took was put there afterwards. (An
     * event whose transaction committed late is the exception, for the moment until the audit processor takes it.)
     */
    private Optional<BrokenLink> inserted(long lastPosition) {
        return jdbc.sql("""
                        SELECT e.globalIndex, e.eventIdentifier FROM DomainEventEntry e
                        WHERE e.globalIndex < ?
                          AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.position = e.globalIndex)
                        ORDER BY e.globalIndex LIMIT 1""")
                .param(lastPosition)
                .query((rs, n) -> new BrokenLink(null, rs.getLong(1), rs.getString(2),
                        "inserted: stored among chained events, but never chained"))
                .optional();
    }

    private record Row(long link, long position, String identifier, String hash, StoredEvent stored) {
    }

    /** A head published earlier, to verify the chain still passes through it. */
    record Anchor(long position, String hash) {
    }

    /**
     * @param position        the global index of the newest chained event
     * @param hash            its link's hash (hex SHA-256)
     * @param eventIdentifier its event identifier
     * @param recordedAt      when the store recorded it
     * @param chainedAt       when it was linked into the chain
     * @param events          how many events the chain holds
     */
    record Head(long position, String hash, String eventIdentifier, Instant recordedAt, Instant chainedAt,
                long events) {
    }

    /** The last link that verified: position and recomputed hash. */
    record ChainHead(long position, String hash) {
    }

    /**
     * @param link            the link's place in the chain, from 0 (null for an event the chain never saw)
     * @param position        the event's global index
     * @param eventIdentifier the event identifier the chain recorded there
     * @param reason          what is wrong
     */
    record BrokenLink(Long link, long position, String eventIdentifier, String reason) {
    }

    record AnchorCheck(long position, String hash, boolean matches) {
    }

    /**
     * @param verified        every link recomputes, nothing was inserted, and the anchor (if given) matches
     * @param checkedEvents   links that verified before the first broken one (all of them if none broke)
     * @param head            the last link that verified
     * @param firstBrokenLink null if none
     * @param anchor          null unless an anchor was given
     */
    record Verification(boolean verified, long checkedEvents, ChainHead head, BrokenLink firstBrokenLink,
                        AnchorCheck anchor) {
    }
}
