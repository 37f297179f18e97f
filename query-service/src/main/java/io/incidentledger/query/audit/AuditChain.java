package io.incidentledger.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Processors;

/**
 * Links every event into the audit chain as the "audit" processor takes it (one segment, so one link after
 * another), in the same transaction as its token: a link exists exactly when the processor has passed its event.
 * It hashes the row as stored, read back by event identifier, never the deserialized message.
 */
@Component
@ProcessingGroup(Processors.AUDIT)
class AuditChain {

    private final JdbcClient jdbc;

    AuditChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every event, whatever its type; the payload is never deserialized. */
    @EventHandler
    void on(EventMessage<?> event) {
        StoredEvent stored = jdbc.sql("SELECT " + StoredEvent.COLUMNS
                        + " FROM DomainEventEntry e WHERE e.eventIdentifier = ?")
                .param(event.getIdentifier())
                .query((rs, n) -> StoredEvent.from(rs))
                .optional()
                .orElseThrow(() -> new IllegalStateException(
                        "event " + event.getIdentifier() + " is not in the store"));
        Link previous = jdbc.sql("SELECT link, hash FROM audit_chain WHERE link = (SELECT MAX(link) FROM audit_chain)")
                .query((rs, n) -> new Link(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Link(-1, StoredEvent.GENESIS));
        jdbc.sql("""
                        INSERT INTO audit_chain (link, position, event_identifier, recorded_at, hash, chained_at)
                        VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""")
                .params(previous.link() + 1, stored.position(), stored.eventIdentifier(), stored.timeStamp(),
                        stored.chain(previous.hash()))
                .update();
    }

    /**
     * The chain is the evidence that the history was not rewritten: a reset would erase it, so it is refused
     * (the refusal rolls the reset back). The projection rebuild leaves this processor alone.
     */
    @ResetHandler
    void refuseReset() {
        throw new IllegalStateException("the audit chain is never reset: it is the evidence the history is intact");
    }

    private record Link(long link, String hash) {
    }
}
