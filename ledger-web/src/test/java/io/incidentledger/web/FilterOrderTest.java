package io.incidentledger.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter order is an argument (see {@link FilterOrder}); this holds its steps in place. */
class FilterOrderTest {

    @Test
    void theSecurityChainRunsWhereSpringBootPutsIt() {
        assertThat(FilterOrder.SECURITY).isEqualTo(SecurityFilterProperties.DEFAULT_FILTER_ORDER)
                .isEqualTo(new SecurityFilterProperties().getOrder());
    }

    @Test
    void aRequestIsRefusedCheaplyThenIdentifiedThenCountedThenKeyedThenCached() {
        assertThat(new int[] {FilterOrder.SECURITY_HEADERS, FilterOrder.REQUEST_CHARSET, FilterOrder.BODY_SIZE,
                FilterOrder.SECURITY, FilterOrder.WRITE_RATE, FilterOrder.IDEMPOTENCY, FilterOrder.PUBLIC_READ_CACHE})
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
