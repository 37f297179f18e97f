package io.incidentledger.query.subscription;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import io.incidentledger.query.config.PublicUrl;

/**
 * The absolute confirm and unsubscribe links a subscriber's messages carry. Their base is taken once, when the
 * subscription is made, from the same source as every other absolute link ({@link PublicUrl}: the configured
 * {@code incident-ledger.page.public-url}, else the subscribing request), and kept in {@code subscriber.link_base}:
 * delivery runs outside any request and must still link back to the page the subscriber used.
 */
@Component
public class SubscriptionLinks {

    private final PublicUrl publicUrl;

    SubscriptionLinks(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The base to keep with a new subscriber; inside a request, or with public-url configured. */
    public String currentBase() {
        return publicUrl.base();
    }

    /** The page whose one button confirms an email subscription (a GET alone confirms nothing). */
    public static String confirmUrl(String linkBase, String token) {
        return linkBase + "/subscriptions/confirm?token=" + encode(token);
    }

    /**
     * The page whose one button unsubscribes; also the RFC 8058 one-click target (POST with the body
     * {@code List-Unsubscribe=One-Click} deletes at once), for the {@code List-Unsubscribe} header and the
     * webhook's {@code meta.unsubscribe}.
     */
    public static String unsubscribeUrl(String linkBase, String token) {
        return linkBase + "/subscriptions/unsubscribe?token=" + encode(token);
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
