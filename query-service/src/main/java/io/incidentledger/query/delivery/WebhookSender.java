package io.incidentledger.query.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import com.standardwebhooks.Webhook;
import org.springframework.stereotype.Component;

import io.incidentledger.query.subscription.WebhookTargets;

/**
 * POSTs a message's body, signed per Standard Webhooks with the subscriber's secret. The target is checked again
 * here, on the address it resolves to now (DNS rebinding); redirects are not followed (a 3xx is a failure).
 */
@Component
class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final WebhookTargets targets;
    private final Clock clock;

    WebhookSender(WebhookTargets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    Outcome send(DueMessage message) {
        URI target;
        try {
            target = targets.check(message.address());
        } catch (WebhookTargets.RefusedTarget refused) {
            return Outcome.failed(null, "target refused: " + refused.getMessage());
        }
        try {
            long timestamp = clock.instant().getEpochSecond();
            String signature = new Webhook(message.secret()).sign(message.messageId(), timestamp, message.body());
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", message.messageId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(message.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.delivered(status);
            }
            Duration retryAfter = (status == 429 || status == 503)
                    ? response.headers().firstValue("Retry-After").flatMap(WebhookSender::seconds).orElse(null)
                    : null;
            return new Outcome(false, status, null, retryAfter, status == 410);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Outcome.failed(null, "interrupted");
        } catch (Exception failure) {
            return Outcome.failed(null, failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            return java.util.Optional.empty();
        }
    }
}
