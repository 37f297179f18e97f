package io.incidentledger.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A public path's answers may be cached by anyone (query-service sets its Cache-Control before the controller
 * runs), but a refusal meant for one client (429) or one moment (503) must not be: a CDN would hand it to
 * everyone. The refusal replaces the path's Cache-Control rather than adding to it; other errors keep it.
 */
class UnsharedRefusalsTest {

    private final Filter publicCaching = (request, response, chain) -> {
        ((HttpServletResponse) response).setHeader("Cache-Control", "max-age=5, public");
        chain.doFilter(request, response);
    };

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Refusing())
            .setControllerAdvice(new Advice())
            .addFilters(publicCaching)
            .build();

    @Test
    void aRefusalForOneClientOrOneMomentIsNotForSharedCaches() throws Exception {
        MvcResult tooMany = mvc.perform(get("/refuse/429")).andReturn();
        MvcResult busy = mvc.perform(get("/refuse/503")).andReturn();
        MvcResult missing = mvc.perform(get("/refuse/404")).andReturn();

        assertThat(tooMany.getResponse().getStatus()).isEqualTo(429);
        assertThat(tooMany.getResponse().getHeaders("Cache-Control")).containsExactly("no-store");
        assertThat(busy.getResponse().getStatus()).isEqualTo(503);
        assertThat(busy.getResponse().getHeaders("Cache-Control")).containsExactly("no-store");
        assertThat(missing.getResponse().getHeaders("Cache-Control")).as("a 404 is the same for everyone")
                .containsExactly("max-age=5, public");
    }

    @RestController
    static class Refusing {

        @GetMapping("/refuse/429")
        void tooMany() {
            throw Problems.refusal(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many", "slow down");
        }

        @GetMapping("/refuse/503")
        void busy() {
            throw Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy", "later");
        }

        @GetMapping("/refuse/404")
        void missing() {
            throw Problems.refusal(HttpStatus.NOT_FOUND, "not-found", "Not found", "nothing here");
        }
    }

    @ControllerAdvice
    static class Advice extends ProblemDetailsBase {
    }
}
