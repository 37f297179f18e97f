package io.incidentledger.query.security;

import static io.incidentledger.web.security.AuthorizationMatrix.CALLERS;
import static io.incidentledger.web.security.AuthorizationMatrix.PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.web.security.AuthorizationMatrix;
import io.incidentledger.web.security.AuthorizationMatrix.Endpoint;

/**
 * Every endpoint the query service maps, called with every kind of credential: none, an unknown token, and a
 * token for each single role. The policy is written out here, independently of the security configuration:
 * the public status, APIs, page, feed and stream for everyone; the history, export, verification and reports
 * for auditors; administration and the subscriber list for admins; subscribing and its links for everyone. A newly mapped endpoint without a line here fails the test.
 */
class AuthorizationMatrixTest extends QueryApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @LocalServerPort
    int serverPort;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static String requiredRole(String method, String path) {
        if (path.matches("/api/(incidents|maintenances)/[^/]+/history") || path.startsWith("/api/audit")
                || path.startsWith("/api/reports")) {
            return "auditor";
        }
        if (path.startsWith("/api/admin")) {
            return "admin";
        }
        // Subscribing and the confirm and unsubscribe links are public (the token is the proof); the subscriber
        // list, removal and deliveries are personal data: the admin's.
        if (method.equals("POST") && (path.equals("/api/subscribers") || path.startsWith("/subscriptions/"))) {
            return PUBLIC;
        }
        if (path.equals("/api/subscribers") || path.startsWith("/api/subscribers/")) {
            return "admin";
        }
        if (path.equals("/actuator/health") || path.equals("/actuator/info")) {
            return PUBLIC;
        }
        if (path.startsWith("/actuator/")) {
            return "admin";
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return PUBLIC;
        }
        throw new AssertionError("no policy for " + method + " " + path + ": add one to this test");
    }

    @Test
    void noCallerReachesAnEndpointItsRoleDoesNotAllow() throws Exception {
        List<Endpoint> endpoints = AuthorizationMatrix.endpoints(mappings);
        assertThat(endpoints).as("mapped endpoints").hasSizeGreaterThanOrEqualTo(15);
        List<String> violations = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            String required = requiredRole(endpoint.method(), endpoint.path());
            for (var caller : CALLERS.entrySet()) {
                int status = statusOf(endpoint.method(), endpoint.path(), caller.getValue());
                calls++;
                String violation = AuthorizationMatrix.violation(endpoint, caller.getKey(), required, status);
                if (violation != null) {
                    violations.add(violation);
                }
            }
        }
        System.out.printf("Authorization matrix (query-service): %d endpoints x %d callers = %d calls%n",
                endpoints.size(), CALLERS.size(), calls);
        assertThat(violations).isEmpty();
    }

    @Test
    void writingToTheQueryServiceIsNeverA2xx() throws Exception {
        for (String path : List.of("/api/status", "/api/incidents", "/", "/api/v2/summary.json")) {
            for (var caller : CALLERS.entrySet()) {
                assertThat(statusOf("POST", path, caller.getValue())).as("POST %s as %s", path, caller.getKey())
                        .isGreaterThanOrEqualTo(400).isLessThan(500);
            }
        }
    }

    /** The status once the headers arrive; the live stream never ends, so no body is waited for. */
    private int statusOf(String method, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream ignored = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                assertThat(response.headers().firstValue("Content-Type")).as("%s %s", method, path)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
            return status;
        }
    }
}
