package io.incidentledger.systemtest.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The one API token of a system-test run: minted when the suite starts, provisioned to every service process it
 * starts (as its hash, the way an operator would), and sent by every {@link JsonHttp} client. It holds every
 * role, so the suites exercise the services, not the policy (which each service's own matrix test covers).
 */
public final class SystemTestCredentials {

    public static final String TOKEN = mint();

    private SystemTestCredentials() {
    }

    /** Spring Boot arguments that make a service accept {@link #TOKEN}. */
    public static List<String> serviceArgs() {
        return List.of("--incident-ledger.security.tokens[0].name=system-test",
                "--incident-ledger.security.tokens[0].roles=commander,admin,auditor",
                "--incident-ledger.security.tokens[0].hash=sha256:" + sha256(TOKEN));
    }

    public static String authorization() {
        return "Bearer " + TOKEN;
    }

    private static String mint() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "il_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
