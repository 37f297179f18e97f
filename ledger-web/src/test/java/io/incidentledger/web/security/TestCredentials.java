package io.incidentledger.web.security;

import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;


/**
 * API tokens for the tests of this module, minted afresh for every test run (no secret is written down
 * anywhere) and provisioned as the service's configuration would: names, roles and hashes.
 */
public final class TestCredentials {

    /** Every role: the default credential of the test clients. */
    public static final String ALL_ROLES = ApiTokens.newSecret();
    public static final String COMMANDER = ApiTokens.newSecret();
    public static final String ADMIN = ApiTokens.newSecret();
    public static final String AUDITOR = ApiTokens.newSecret();

    /** Name → (roles, secret), in the order they are provisioned. */
    public static final Map<String, String[]> TOKENS = Map.of(
            "tester", new String[]{"commander,admin,auditor", ALL_ROLES},
            "commander-only", new String[]{"commander", COMMANDER},
            "admin-only", new String[]{"admin", ADMIN},
            "auditor-only", new String[]{"auditor", AUDITOR});

    private TestCredentials() {
    }

    public static void provision(DynamicPropertyRegistry registry) {
        int i = 0;
        for (var token : TOKENS.entrySet()) {
            String prefix = "incident-ledger.security.tokens[" + i++ + "].";
            registry.add(prefix + "name", token::getKey);
            registry.add(prefix + "roles", () -> token.getValue()[0]);
            registry.add(prefix + "hash", () -> "sha256:" + ApiTokens.sha256(token.getValue()[1]));
        }
    }
}
