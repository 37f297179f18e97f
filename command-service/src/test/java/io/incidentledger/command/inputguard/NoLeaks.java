package io.incidentledger.command.inputguard;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No response may tell a client how the service is built: no stack trace, no exception or class name, no
 * SQL. The markers below appear in none of our own messages; the hostile-input tests see to it that the
 * requests they send do not contain them either, so a marker in a response came from inside.
 */
public final class NoLeaks {

    /** Matched case-sensitively: Java's and the libraries' spellings. */
    private static final List<String> INTERNALS = List.of("Exception", "Error:", "\tat ", "at io.", "at java.",
            "at org.", "io.incidentledger", "org.springframework", "org.axonframework", "org.h2", "org.postgresql",
            "tools.jackson", "com.fasterxml", "jakarta.", "java.lang", "java.util", "java.time", "Caused by",
            "SQLState", "SQL state", "sqlState", "DomainEventEntry", "JdbcSQL", "Hibernate", "HV0", "Tomcat",
            "Apache", "StreamReadConstraints", "JsonMapper");
    /** Matched ignoring case: SQL. */
    private static final List<String> SQL = List.of("select ", "insert into", "update domainevent", "delete from",
            "syntax error in sql", "constraint violation", "unique index", "primary key");

    private NoLeaks() {
    }

    public static void assertNoInternals(String body) {
        if (body == null || body.isEmpty()) {
            return;
        }
        assertThat(body).as("a response names internals").doesNotContain(INTERNALS);
        String lower = body.toLowerCase(Locale.ROOT);
        for (String sql : SQL) {
            assertThat(lower).as("a response carries SQL").doesNotContain(sql);
        }
    }

    /** True if {@code text} contains a marker: the generators use it to keep such text out of requests. */
    public static boolean containsMarker(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return INTERNALS.stream().anyMatch(text::contains) || SQL.stream().anyMatch(lower::contains);
    }
}
