package io.incidentledger.query.subscription;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The unguessable values a subscription is given: a webhook's signing secret in the Standard Webhooks form
 * ({@code whsec_} and the base64 of 24 random bytes, which {@code com.standardwebhooks.Webhook} accepts), and the
 * token of the confirm and unsubscribe links (32 random bytes, base64url: safe in a URL without escaping).
 */
final class SubscriptionSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SubscriptionSecrets() {
    }

    static String webhookSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(randomBytes(24));
    }

    static String linkToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
