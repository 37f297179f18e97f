package io.incidentledger.query.downtime;

import io.incidentledger.events.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccountingProfileTest {

    @ParameterizedTest(name = "{0}: {1} affecting {2} weighs {3}")
    @CsvSource(delimiter = '|', textBlock = """
            statuspage | major_outage         |     | 1.0
            statuspage | major_outage         | 0.4 | 1.0
            statuspage | partial_outage       |     | 0.3
            statuspage | partial_outage       | 0.8 | 0.3
            statuspage | degraded_performance | 0.8 | 0.0
            statuspage | under_maintenance    |     | 0.0
            strict     | major_outage         | 0.4 | 1.0
            strict     | partial_outage       |     | 1.0
            strict     | partial_outage       | 0.8 | 1.0
            strict     | degraded_performance |     | 0.0
            strict     | under_maintenance    |     | 0.0
            weighted   | major_outage         |     | 1.0
            weighted   | major_outage         | 0.4 | 0.4
            weighted   | partial_outage       |     | 0.3
            weighted   | partial_outage       | 0.8 | 0.8
            weighted   | degraded_performance | 0.8 | 0.0
            weighted   | under_maintenance    | 1.0 | 0.0
            weighted   | operational          |     | 0.0
            """)
    void weighsASecondByStatusAndWhereTheProfileSaysSoByAffectedFraction(
            String profile, String status, Double affectedFraction, double weight) {
        double actual = AccountingProfile.fromWireName(profile).orElseThrow()
                .downWeight(ComponentStatus.fromWireName(status).orElseThrow(), affectedFraction);

        assertThat(actual).isEqualTo(weight);
    }

    @Test
    void spellsItselfOnTheWireInLowerCaseAndReadsThatSpellingBack() {
        for (AccountingProfile profile : AccountingProfile.values()) {
            assertThat(AccountingProfile.fromWireName(profile.toString())).contains(profile);
        }
        assertThat(AccountingProfile.values()).extracting(AccountingProfile::toString)
                .containsExactly("statuspage", "strict", "weighted");
    }

    @Test
    void anUnknownOrUpperCaseSpellingIsNoProfile() {
        assertThat(AccountingProfile.fromWireName("sla")).isEmpty();
        assertThat(AccountingProfile.fromWireName("STRICT")).isEmpty();
        assertThat(AccountingProfile.fromWireName(null)).isEmpty();
    }

    @Test
    void statuspageIsTheDefault() {
        assertThat(AccountingProfile.DEFAULT).isEqualTo(AccountingProfile.STATUSPAGE);
    }
}
