package io.incidentledger.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

/** The secrets are in the form the Standard Webhooks library takes, and sign what it then verifies. */
class SubscriptionSecretsTest {

    @Test
    void aWebhookSecretIsAcceptedByTheStandardWebhooksLibraryAndSignsVerifiably() throws Exception {
        String secret = SubscriptionSecrets.webhookSecret();
        assertThat(secret).startsWith("whsec_");
        Webhook webhook = new Webhook(secret);
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = webhook.sign("msg_1", timestamp, "{\"a\":1}");
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(Long.toString(timestamp)), "webhook-signature", List.of(signature));
        webhook.verify("{\"a\":1}", headers);
        assertThatThrownBy(() -> new Webhook(SubscriptionSecrets.webhookSecret()).verify("{\"a\":1}", headers))
                .as("another secret does not verify it").isInstanceOf(Exception.class);
    }

    @Test
    void linkTokensAreUrlSafeAndDistinct() {
        String token = SubscriptionSecrets.linkToken();
        assertThat(token).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(SubscriptionSecrets.linkToken());
    }
}
