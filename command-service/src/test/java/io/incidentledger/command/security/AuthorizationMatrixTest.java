package io.incidentledger.command.security;

import static io.incidentledger.web.security.AuthorizationMatrix.CALLERS;
import static io.incidentledger.web.security.AuthorizationMatrix.PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.incidentledger.command.HttpApiTest;
import io.incidentledger.web.security.AuthorizationMatrix;
import io.incidentledger.web.security.AuthorizationMatrix.Endpoint;

/**
 * Every endpoint the service maps, called with every kind of credential: none, an unknown token, and a token
 * for each single role. The expected policy is written out here, independently of the security configuration,
 * and a newly mapped endpoint without a line in it fails the test. No caller may get a 2xx (or even reach the
 * handler) where the policy says no: 401 without a valid credential (an invalid one is refused even where none
 * is needed), 403 with the wrong role.
 */
class AuthorizationMatrixTest extends HttpApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** The policy: the role a path needs (by prefix, first match), or PUBLIC. */
    private static String requiredRole(String method, String path) {
        if (path.startsWith("/api/components")) {
            return "admin";
        }
        if (path.startsWith("/api/incidents") || path.startsWith("/api/maintenances")) {
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
        List<Endpoint> endpoints = AuthorizationMatrix.endpoints(mappings);
        assertThat(endpoints).as("mapped endpoints").hasSizeGreaterThanOrEqualTo(10);
        List<String> violations = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            String method = endpoint.method();
            String required = requiredRole(method, endpoint.path());
            for (var caller : CALLERS.entrySet()) {
                // An empty Authorization makes the test client send none.
                Response response = sendWithHeaders(method, endpoint.path(), hasBody(method) ? JSON_TYPE : null,
                        hasBody(method) ? "{}" : null,
                        Map.of("Authorization", caller.getValue() == null ? "" : caller.getValue()));
                calls++;
                String violation = AuthorizationMatrix.violation(endpoint, caller.getKey(), required,
                        response.status());
                if (violation != null) {
                    violations.add(violation);
                }
                if (AuthorizationMatrix.refused(caller.getKey(), required)) {
                    assertThat(response.mediaType()).as("%s %s as %s", method, endpoint.path(), caller.getKey())
                            .isEqualTo(PROBLEM_TYPE);
                }
            }
        }
        System.out.printf("Authorization matrix (command-service): %d endpoints x %d callers = %d calls%n",
                endpoints.size(), CALLERS.size(), calls);
        assertThat(violations).isEmpty();
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
