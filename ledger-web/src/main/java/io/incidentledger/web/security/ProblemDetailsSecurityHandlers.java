package io.incidentledger.web.security;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as RFC 9457 problem details, like every other error of the services. The bearer-token handlers
 * of Spring Security still run first, so {@code WWW-Authenticate} tells a client what kind of credential to send.
 */
final class ProblemDetailsSecurityHandlers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemDetailsSecurityHandlers() {
    }

    static AuthenticationEntryPoint unauthenticated() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                    request.getHeader("Authorization") == null
                            ? "this request needs a credential: send 'Authorization: Bearer <API token or JWT>'"
                            : "the credential sent is not valid here (unknown, expired or malformed)");
        };
    }

    static AccessDeniedHandler forbidden() {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "the credential sent is valid but does not hold the role this request needs");
        };
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String title,
                              String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
