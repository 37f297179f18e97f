package io.incidentledger.query;

import org.springframework.http.ResponseEntity;

/**
 * The {@code Aggregate-Version} response header of single-resource answers about an incident or a component: the
 * aggregate's version as the read model has it (the sequence number of its last event projected), the same number
 * as the body's {@code version} field. It is what command-service answers as its {@code ETag} and accepts as
 * {@code If-Match}; the query side's own {@code ETag} is a hash of the body, for caches.
 */
public final class AggregateVersion {

    public static final String HEADER = "Aggregate-Version";

    private AggregateVersion() {
    }

    /** 200 with {@code body}, and the header unless {@code version} is unknown (a row projected before versions). */
    public static <T> ResponseEntity<T> ok(T body, Long version) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (version != null) {
            ok.header(HEADER, Long.toString(version));
        }
        return ok.body(body);
    }
}
