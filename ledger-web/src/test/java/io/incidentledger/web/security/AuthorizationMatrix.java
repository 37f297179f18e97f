package io.incidentledger.web.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What both services' authorization matrix tests share: every mapped endpoint, the callers (no credential, an
 * unknown token, one token per role) and the judgement of one call. Each service writes its own policy.
 */
public final class AuthorizationMatrix {

    /** The policy's word for "no role needed". */
    public static final String PUBLIC = "public";

    /** Caller name → the {@code Authorization} it sends (null: none). Role callers are named after the role. */
    public static final Map<String, String> CALLERS = callers();

    public record Endpoint(String method, String path) {
    }

    private AuthorizationMatrix() {
    }

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("nobody", null);
        callers.put("unknown-token", "Bearer " + ApiTokens.newSecret());
        callers.put("commander", "Bearer " + TestCredentials.COMMANDER);
        callers.put("admin", "Bearer " + TestCredentials.ADMIN);
        callers.put("auditor", "Bearer " + TestCredentials.AUDITOR);
        return callers;
    }

    /** Method and a concrete path for every handler method, plus the actuator endpoints (mapped elsewhere). */
    public static List<Endpoint> endpoints(RequestMappingHandlerMapping mappings) {
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
        return seen.stream().map(line -> line.split(" ", 2)).map(p -> new Endpoint(p[0], p[1])).toList();
    }

    /**
     * Null if {@code status} is what {@code caller} should get where {@code required} is needed, else what was
     * wrong. A credential that is sent must be valid, even where none is needed (RFC 6750): 401.
     */
    public static String violation(Endpoint endpoint, String caller, String required, int status) {
        boolean badCredential = caller.equals("unknown-token");
        boolean allowed = !badCredential && (required.equals(PUBLIC) || required.equals(caller));
        String expectation;
        if (allowed) {
            expectation = status == 401 || status == 403 || status >= 500 ? "reached (not 401/403/5xx)" : null;
        } else if (CALLERS.get(caller) == null || badCredential) {
            expectation = status == 401 ? null : "401";
        } else {
            expectation = status == 403 ? null : "403";
        }
        return expectation == null ? null : endpoint.method() + " " + endpoint.path() + " as " + caller
                + ": expected " + expectation + ", got " + status;
    }

    /** Whether {@code caller} is refused outright where {@code required} is needed. */
    public static boolean refused(String caller, String required) {
        return caller.equals("unknown-token") || !(required.equals(PUBLIC) || required.equals(caller));
    }
}
