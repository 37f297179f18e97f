package io.incidentledger.query.status;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.database.DatabaseWatch;

/**
 * {@code /api/status} as the service knows it: read from the read models on every request, and, while their
 * database cannot be reached, the last status read, marked stale with the time of its data. It is refreshed on
 * every announced batch of changes too, so the last known status is never older than the last change, however
 * long nobody asked.
 */
@Service
class CurrentStatus {

    /**
     * The status with {@code stale} always present; {@code lastGoodDataAt} (the data is complete up to then) and
     * {@code staleSince} (when the database was found unreachable) only while it is stale.
     */
    record StatusAnswer(@JsonUnwrapped StatusBoard.Status status, boolean stale,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Instant lastGoodDataAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Instant staleSince) {
    }

    private final StatusBoard board;
    private final DatabaseWatch database;
    private final AtomicReference<StatusBoard.Status> lastKnown = new AtomicReference<>();

    CurrentStatus(StatusBoard board, DatabaseWatch database) {
        this.board = board;
        this.database = database;
    }

    StatusAnswer current() {
        if (AsOf.current().isPresent()) {
            return new StatusAnswer(board.current(), false, null, null);
        }
        DatabaseWatch.Answer<StatusBoard.Status> answer = database.read(board::current, lastKnown);
        return answer.stale()
                ? new StatusAnswer(answer.value(), true, answer.staleness().lastGoodDataAt(),
                        answer.staleness().since())
                : new StatusAnswer(answer.value(), false, null, null);
    }

    @EventListener
    void on(ProjectionsAdvanced advanced) {
        lastKnown.set(board.current());
    }
}
