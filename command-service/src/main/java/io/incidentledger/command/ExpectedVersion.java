package io.incidentledger.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * Optimistic concurrency for clients: a command may carry the aggregate version its sender last saw (HTTP
 * {@code If-Match}), in its metadata under {@link #METADATA_KEY}. Checked inside the aggregate, after it is
 * loaded, so the comparison is with the version the command would change. Two senders that both saw the
 * current version still race at the event store, where the loser gets a 409.
 */
public final class ExpectedVersion {

    public static final String METADATA_KEY = "expectedVersion";

    private ExpectedVersion() {
    }

    /** Refuses the command (412) if it expects a version other than the aggregate's current one. */
    public static void check(CommandMessage<?> command) {
        Object expected = command.getMetaData().get(METADATA_KEY);
        if (expected == null) {
            return;
        }
        Long current = AggregateLifecycle.getVersion();
        long expectedVersion = ((Number) expected).longValue();
        if (current == null || current != expectedVersion) {
            throw CommandRejectedException.preconditionFailed("If-Match names version " + expectedVersion
                    + ", but the current version is " + current + "; read it again and retry");
        }
    }
}
