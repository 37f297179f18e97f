package io.incidentledger.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRefusalSentFromAFilterHasTheShapeOfEveryOtherAnswer() throws Exception {
        ErrorResponseException throttled = Problems.refusal(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many writes", "retry after 2 s");
        throttled.getHeaders().set(HttpHeaders.RETRY_AFTER, "2");
        throttled.getBody().setProperty("errors", List.of());
        MockHttpServletResponse response = new MockHttpServletResponse();

        Problems.send(response, throttled);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).as("one client's 429 is for it alone")
                .isEqualTo("no-store");
        JsonNode body = JSON.readTree(response.getContentAsByteArray());
        assertThat(body.get("type").asString()).isEqualTo("/problems/rate-limited");
        assertThat(body.get("title").asString()).isEqualTo("Too many writes");
        assertThat(body.get("status").asInt()).isEqualTo(429);
        assertThat(body.get("detail").asString()).isEqualTo("retry after 2 s");
        assertThat(body.has("errors")).as("extra properties at the top level, as Spring MVC writes them").isTrue();
        assertThat(body.has("properties")).isFalse();
        assertThat(body.has("instance")).as("no null members").isFalse();
    }

    @Test
    void aProblemWithoutATypeIsNamedAfterItsStatus() {
        assertThat(Problems.forStatus(405, "no").getType()).hasToString("/problems/method-not-allowed");
        assertThat(Problems.forStatus(405, "no").getTitle()).isEqualTo("Method Not Allowed");
        assertThat(Problems.forStatus(599, "odd").getType()).hasToString("/problems/http-599");
    }
}
