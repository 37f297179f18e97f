package io.incidentledger.query.asof;

import io.incidentledger.web.Refusal;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RebuildAllowanceTest {

    private final RebuildAllowance allowance = new RebuildAllowance(new AsOfProperties(Duration.ofSeconds(10), 6, 3));

    @Test
    void aClientPastItsBurstIsRefusedWithWhenToComeBackAndOthersAreNot() {
        for (int i = 0; i < 3; i++) {
            allowance.spend("203.0.113.7");
        }
        assertThatThrownBy(() -> allowance.spend("203.0.113.7"))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.getStatusCode().value()).isEqualTo(429);
                    assertThat(refusal.getBody().getType()).hasToString("/problems/as-of-rate-limited");
                    // 6 per minute: the next one in 10 s.
                    assertThat(Long.parseLong(refusal.getHeaders().getFirst("Retry-After"))).isBetween(1L, 10L);
                    assertThat(refusal.getMessage()).contains("6 past moments rebuilt per minute");
                });
        assertThatNoException().as("another client").isThrownBy(() -> allowance.spend("198.51.100.9"));
    }
}
