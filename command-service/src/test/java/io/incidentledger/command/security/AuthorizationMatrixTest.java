package io.incidentledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.incidentledger.command.HttpApiTest;
import io.incidentledger.web.security.ApiTokens;
import io.incidentledger.web.security.TestCredentials;

/**
 * Every endpoint the service maps, called with every kind of credential: none, an unknown token, and a token
 * for each single role. The expected policy is written out here, independently of the security configuration,
 * and a newly mapped endpoint without a line in it fails the test. No caller may get a 2xx (or even reach the
 * handler) where the policy says no: 401 without a valid credential (an invalid one is refused even where none
 * is needed), 403 with the wrong role.
 */
class AuthorizationMatrixTest extends HttpApiTest {

    private static final String PUBLIC = "public";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Which credential each caller sends; "" sends none. */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("nobody", "");
        CALLERS.put("unknown-token", "Bearer " + ApiTokens.newSecret());
        CALLERS.put("commander", "Bearer " + TestCredentials.COMMANDER);
        CALLERS.put("admin", "Bearer " + TestCredentials.ADMIN);
        CALLERS.put("auditor", "Bearer " + TestCredentials.AUDITOR);
    }

    /** The policy: the role a path needs (by prefix, first match), or PUBLIC. */
    private static String requiredRole(String method, String path) {
        if (path.startsWith("/api/components")) {
            return "admin";
        }
        if (path.startsWith("/api/incidents")) {
            return "commander";
        }
        if (method.equals("GET") && (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui")
                || path.equals("/actuator/health") || path.equals("/actuator/info"))) {
            return PUBLIC;
        }
        if (path.startsWith("/actuator/")) {
            return "admin";
        }
        throw new AssertionError("no policy for " + method + " " + path + ": add one to this test");
    }

    @Test
    void noCallerReachesAnEndpointItsRoleDoesNotAllow() {
        List<String[]> endpoints = endpoints();
        assertThat(endpoints).as("mapped endpoints").hasSizeGreaterThanOrEqualTo(10);
        List<String> violations = new ArrayList<>();
        int calls = 0;
        for (String[] endpoint : endpoints) {
            String method = endpoint[0];
            String path = endpoint[1];
            String required = requiredRole(method, path);
            for (var caller : CALLERS.entrySet()) {
                Response response = sendWithHeaders(method, path, hasBody(method) ? JSON_TYPE : null,
                        hasBody(method) ? "{}" : null, Map.of("Authorization", caller.getValue()));
                calls++;
                boolean badCredential = caller.getKey().equals("unknown-token");
                // A credential that is sent must be valid, even where none is needed (RFC 6750): 401.
                boolean allowed = !badCredential && (required.equals(PUBLIC) || required.equals(caller.getKey()));
                int status = response.status();
                String expectation;
                if (allowed) {
                    expectation = status == 401 || status == 403 || status >= 500 ? "reached (not 401/403/5xx)" : null;
                } else if (caller.getKey().equals("nobody") || caller.getKey().equals("unknown-token")) {
                    expectation = status == 401 ? null : "401";
                } else {
                    expectation = status == 403 ? null : "403";
                }
                if (expectation != null) {
                    violations.add(method + " " + path + " as " + caller.getKey() + ": expected " + expectation
                            + ", got " + status);
                }
                if (!allowed) {
                    assertThat(response.mediaType()).as("%s %s as %s", method, path, caller.getKey())
                            .isEqualTo(PROBLEM_TYPE);
                }
            }
        }
        System.out.printf("Authorization matrix (command-service): %d endpoints x %d callers = %d calls%n",
                endpoints.size(), CALLERS.size(), calls);
        assertThat(violations).isEmpty();
    }

    /** Method and a concrete path for every handler method, plus the actuator endpoints (mapped elsewhere). */
    private List<String[]> endpoints() {
        Set<String> seen = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "matrix-x");
                if (path.equals("/error")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    seen.add("GET " + path);
                } else {
                    methods.forEach(m -> seen.add(m.name() + " " + path));
                }
            }
        }
        for (String actuator : List.of("/actuator/health", "/actuator/info", "/actuator/metrics",
                "/actuator/prometheus")) {
            seen.add("GET " + actuator);
        }
        return seen.stream().map(line -> line.split(" ", 2)).toList();
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
