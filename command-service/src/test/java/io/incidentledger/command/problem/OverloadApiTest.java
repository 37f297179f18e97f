package io.incidentledger.command.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.incidentledger.command.HttpApiTest;

/**
 * When the service really cannot take more (every pooled connection busy past the pool's short wait) it says so:
 * 503, {@code Retry-After} and {@code /problems/overloaded}, with or without an Idempotency-Key; never a 500 and
 * never "the database cannot be reached" while it can. The pool here has two connections (the fewest Flyway
 * migrates with), and the test holds both.
 */
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=2",
        "spring.datasource.hikari.connection-timeout=250"})
class OverloadApiTest extends HttpApiTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void aFullPoolIsAnsweredAsOverloadWithAndWithoutAnIdempotencyKey() throws Exception {
        String id = uniqueId("overload");
        String body = json(Map.of("id", id, "title", "Overloaded", "impact", "minor", "message", "Busy."));
        Map<String, String> keyed = Map.of("Idempotency-Key", "overload-" + UUID.randomUUID());

        try (Connection held = dataSource.getConnection(); Connection alsoHeld = dataSource.getConnection()) {
            // The lazy proxy takes a pooled connection at the first statement.
            held.createStatement().execute("SELECT 1");
            alsoHeld.createStatement().execute("SELECT 1");
            for (Response refused : new Response[] {
                    sendWithHeaders("POST", "/api/incidents", JSON_TYPE, body, Map.of()),
                    sendWithHeaders("POST", "/api/incidents", JSON_TYPE, body, keyed)}) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.mediaType()).isEqualTo(PROBLEM_TYPE);
                assertThat(refused.json().path("type").asString()).isEqualTo("/problems/overloaded");
                assertThat(refused.header("Retry-After")).hasValue("1");
            }
        }
        // Nothing was recorded for the key: once the pool has room, the same request is carried out.
        Response carriedOut = sendWithHeaders("POST", "/api/incidents", JSON_TYPE, body, keyed);
        assertThat(carriedOut.status()).as(carriedOut.toString()).isEqualTo(201);
        assertThat(carriedOut.header("Idempotent-Replayed")).isEmpty();
        assertThat(eventCount(id)).isEqualTo(1);
    }
}
