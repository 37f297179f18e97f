package io.incidentledger.query.announcement;

import java.util.List;
import java.util.OptionalLong;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.incidentledger.query.Processors;

/**
 * How far every read model has got, from their stored tokens (the one place that knows, on any instance): an
 * announcement is rendered from the read models, so only for events all of them have passed. Read with plain SQL,
 * because the token store's own reads claim the segment they read. While any read model replays (a rebuild, or
 * its first start on a store that already has events) it has passed nothing new: its tables are incomplete, and
 * a status compared with them would be announced as a change that never happened.
 *
 * <p>A stored token lags its processor: Axon stores the token of a batch the processor handles nothing of only
 * once its event-availability timeout has passed (a second by default), and a processor that has handled nothing
 * yet has a row with no token. So an announcement can come up to about a second after the read models have it:
 * slow for a page, nothing for a notification.
 */
@Component
class ReadModelProgress {

    private record StoredToken(String processor, byte[] token, String type) {
    }

    private final JdbcClient jdbc;
    private final Serializer serializer;

    ReadModelProgress(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * The highest position P such that every read model has handled every event up to P; empty while any read
     * model has no token yet or replays.
     */
    OptionalLong passedThrough() {
        List<StoredToken> stored = jdbc.sql("SELECT processorName, token, tokenType FROM TokenEntry WHERE processorName IN ("
                        + String.join(", ", Processors.READ_MODELS.stream().map(p -> "?").toList()) + ")")
                .params(Processors.READ_MODELS.toArray())
                .query((rs, n) -> new StoredToken(rs.getString(1), rs.getBytes(2), rs.getString(3)))
                .list();
        if (stored.stream().map(StoredToken::processor).distinct().count() < Processors.READ_MODELS.size()) {
            return OptionalLong.empty();
        }
        long passed = Long.MAX_VALUE;
        for (StoredToken row : stored) {
            if (row.token() == null) {
                return OptionalLong.of(-1); // claimed, nothing stored yet: nothing is known to be passed
            }
            TrackingToken token = serializer.deserialize(
                    new SimpleSerializedObject<>(row.token(), byte[].class, row.type(), null));
            if (token instanceof ReplayToken) {
                return OptionalLong.empty();
            }
            OptionalLong through = handledThrough(WrappedToken.unwrapLowerBound(token));
            if (through.isEmpty()) {
                return OptionalLong.empty();
            }
            passed = Math.min(passed, through.getAsLong());
        }
        return OptionalLong.of(passed);
    }

    /** Everything up to the result is handled: below the token's index, less its lowest gap. */
    private static OptionalLong handledThrough(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return OptionalLong.of(gapAware.getGaps().isEmpty()
                    ? gapAware.getIndex()
                    : gapAware.getGaps().first() - 1);
        }
        return token == null ? OptionalLong.empty() : token.position();
    }
}
