package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Statuspage's roll-up rules, one row per rule and per boundary between two rules. */
class StatusRollupTest {

    @ParameterizedTest(name = "[{0}] -> {1} \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                  | none     | All Systems Operational
            operational operational                             | none     | All Systems Operational
            operational under_maintenance                       | none     | Service Under Maintenance
            under_maintenance under_maintenance                 | none     | Service Under Maintenance
            operational degraded_performance                    | minor    | Partially Degraded Service
            under_maintenance degraded_performance              | minor    | Partially Degraded Service
            degraded_performance degraded_performance           | minor    | Degraded System Service
            operational partial_outage                          | minor    | Minor Service Outage
            under_maintenance partial_outage                    | minor    | Minor Service Outage
            degraded_performance partial_outage                 | minor    | Minor Service Outage
            partial_outage partial_outage                       | major    | Partial System Outage
            partial_outage major_outage                         | major    | Partial System Outage
            operational major_outage                            | major    | Partial System Outage
            operational operational operational major_outage    | major    | Partial System Outage
            major_outage major_outage                           | critical | Major System Outage
            major_outage                                        | critical | Major System Outage
            """)
    void rollsUpComponentStatusesTheWayStatuspageDoes(String statuses, String indicator, String description) {
        assertThat(StatusRollup.of(parse(statuses))).isEqualTo(new StatusRollup(indicator, description));
    }

    private static List<ComponentStatus> parse(String wireNames) {
        return Arrays.stream(wireNames.split(" "))
                .filter(name -> !name.isBlank())
                .map(name -> ComponentStatus.fromWireName(name).orElseThrow())
                .toList();
    }
}
