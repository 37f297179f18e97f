package io.incidentledger.query.subscription;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.web.Problems;

/** Subscribing, confirming and unsubscribing (SPEC §8): the rules; the rows are in {@link Subscribers}. */
@Service
class SubscriptionService {

    /** What the 202 says: for email always the same, so that it tells nobody whether an address was known. */
    record Accepted(String id, String secret) {
    }

    private final Subscribers subscribers;
    private final ComponentDirectory components;
    private final WebhookTargets targets;
    private final SubscriptionLinks links;
    private final ConfirmationMail mail;
    private final Clock clock;
    private final Duration resendInterval;

    SubscriptionService(Subscribers subscribers, ComponentDirectory components, WebhookTargets targets,
                        SubscriptionLinks links, ConfirmationMail mail, Clock clock,
                        @Value("${incident-ledger.subscriptions.confirmation-resend-interval:PT1H}") Duration resendInterval) {
        this.subscribers = subscribers;
        this.components = components;
        this.targets = targets;
        this.links = links;
        this.mail = mail;
        this.clock = clock;
        this.resendInterval = resendInterval;
    }

    boolean mailConfigured() {
        return mail.configured();
    }

    List<ComponentView> offeredComponents() {
        return components.active();
    }

    @Transactional
    Accepted subscribe(SubscriptionRequest request) {
        List<String> chosen = chosenComponents(request);
        Instant now = clock.instant();
        return request.email() != null && !request.email().isBlank()
                ? subscribeEmail(request.email().strip(), chosen, now)
                : subscribeWebhook(request.webhook().strip(), chosen, now);
    }

    private Accepted subscribeEmail(String email, List<String> chosen, Instant now) {
        if (!mail.configured()) {
            throw Problems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "email-not-configured",
                    "Email subscriptions are not available",
                    "this status page has no mail server configured; the operator must set spring.mail.host "
                            + "(and spring.mail.* as needed) to offer email subscriptions");
        }
        String key = email.toLowerCase(Locale.ROOT);
        var existing = subscribers.findByAddress("email", key);
        if (existing.isPresent()) {
            var known = existing.get();
            // A confirmed address gets nothing (it already hears everything it asked for); an unconfirmed one gets
            // the confirmation again at most once per interval, so that strangers cannot flood a mailbox.
            if (known.confirmedAt() == null && subscribers.claimResend(known.id(), now.minus(resendInterval), now)) {
                String base = known.linkBase() != null ? known.linkBase() : links.currentBase();
                mail.sendAfterCommit(email, SubscriptionLinks.confirmUrl(base, known.token()),
                        SubscriptionLinks.unsubscribeUrl(base, known.token()));
            }
            return new Accepted(null, null);
        }
        String id = UUID.randomUUID().toString();
        String token = SubscriptionSecrets.linkToken();
        String base = links.currentBase();
        try {
            subscribers.insert(id, "email", email, key, null, token, chosen, now, null, now, base);
        } catch (DuplicateKeyException raced) {
            // Another request subscribed the same address a moment ago: that one sends the confirmation. The failed
            // insert has aborted this transaction on PostgreSQL, so it ends in a quiet rollback, not a commit.
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return new Accepted(null, null);
        }
        mail.sendAfterCommit(email, SubscriptionLinks.confirmUrl(base, token), SubscriptionLinks.unsubscribeUrl(base, token));
        return new Accepted(null, null);
    }

    private Accepted subscribeWebhook(String webhook, List<String> chosen, Instant now) {
        URI target;
        try {
            target = targets.check(webhook);
        } catch (WebhookTargets.RefusedTarget e) {
            throw Problems.refusal(HttpStatus.UNPROCESSABLE_CONTENT, "webhook-refused", "Webhook target refused",
                    e.getMessage());
        }
        String key = target.normalize().toString();
        // A repeated webhook URL is refused openly (409) rather than answered like a new one: a webhook's owner is
        // a system, not a person whose subscription must be hidden, and a second secret for the same URL would
        // leave the receiver unable to tell which one signs. Whoever wants a new secret removes the old one.
        if (subscribers.findByAddress("webhook", key).isPresent()) {
            throw Problems.refusal(HttpStatus.CONFLICT, "webhook-already-subscribed", "Webhook already subscribed",
                    "this webhook URL is already subscribed; ask the operator to remove it for a new secret");
        }
        String id = UUID.randomUUID().toString();
        String secret = SubscriptionSecrets.webhookSecret();
        try {
            // Confirmed at once: whoever holds the secret controls the receiver (V9).
            subscribers.insert(id, "webhook", webhook, key, secret, SubscriptionSecrets.linkToken(), chosen, now, now,
                    null, links.currentBase());
        } catch (DuplicateKeyException raced) {
            throw Problems.refusal(HttpStatus.CONFLICT, "webhook-already-subscribed", "Webhook already subscribed",
                    "this webhook URL is already subscribed; ask the operator to remove it for a new secret");
        }
        return new Accepted(id, secret);
    }

    private List<String> chosenComponents(SubscriptionRequest request) {
        if (request.wholePage()) {
            return List.of();
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>(request.components());
        List<String> unknown = chosen.stream().filter(id -> components.find(id).filter(c -> !c.retired()).isEmpty())
                .toList();
        if (!unknown.isEmpty()) {
            throw Problems.refusal(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-components", "Unknown components",
                    "no such component: " + String.join(", ", unknown));
        }
        return List.copyOf(chosen);
    }

    boolean isPendingConfirmation(String token) {
        return subscribers.isUnconfirmed(token);
    }

    boolean exists(String token) {
        return subscribers.channelOfToken(token).isPresent();
    }

    @Transactional
    boolean confirm(String token) {
        return subscribers.confirm(token, clock.instant());
    }

    @Transactional
    boolean unsubscribe(String token) {
        return subscribers.deleteByToken(token);
    }

    List<Subscriber> all() {
        return subscribers.all();
    }

    @Transactional
    boolean remove(String id) {
        return subscribers.deleteById(id);
    }
}
