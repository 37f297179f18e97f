package io.incidentledger.query.subscription;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import io.incidentledger.query.config.PublicUrl;

/**
 * The absolute confirm and unsubscribe links a subscriber's messages carry, from the same base as every other
 * absolute link ({@link PublicUrl}). Outside a request (the delivery worker) that base must be configured:
 * {@code incident-ledger.page.public-url}; without it these throw {@link IllegalStateException}.
 */
@Component
public class SubscriptionLinks {

    private final PublicUrl publicUrl;

    SubscriptionLinks(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The page whose one button confirms an email subscription (a GET alone confirms nothing). */
    public String confirmUrl(String token) {
        return publicUrl.base() + "/subscriptions/confirm?token=" + encode(token);
    }

    /**
     * The page whose one button unsubscribes; also the RFC 8058 one-click target (POST with the body
     * {@code List-Unsubscribe=One-Click} deletes at once), for the {@code List-Unsubscribe} header and the
     * webhook's {@code meta.unsubscribe}.
     */
    public String unsubscribeUrl(String token) {
        return publicUrl.base() + "/subscriptions/unsubscribe?token=" + encode(token);
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
