package io.incidentledger.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every table query-service's migrations create is either in the read-model digest or named as not a read model:
 * a new projection table left out would make "identical digests after a rebuild" prove nothing about it.
 */
class ReadModelTablesTest {

    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyQueryServiceTableIsEitherDigestedOrExplicitlyLeftOut() throws IOException {
        Set<String> created = new HashSet<>();
        for (Resource migration : new PathMatchingResourcePatternResolver()
                .getResources("classpath:db/migration/query/*.sql")) {
            Matcher matcher = CREATE_TABLE.matcher(migration.getContentAsString(StandardCharsets.UTF_8));
            while (matcher.find()) {
                created.add(matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        assertThat(created).contains("incident_view", "audit_chain");

        Set<String> classified = new HashSet<>(ReadModelDigest.READ_MODELS);
        classified.addAll(ReadModelDigest.NOT_READ_MODELS.keySet());
        assertThat(classified).as("tables the digest knows about").containsAll(created);
        assertThat(created).as("tables that exist").containsAll(classified);
    }
}
