package io.incidentledger.query.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.incidentledger.query.subscription.WebhookTargets;

/**
 * POSTs a message's body, signed per Standard Webhooks with the subscriber's secret, through Apache HttpClient 5.
 * The target is checked before each send, and the client connects only to addresses checked in that same
 * resolution: its DNS resolver is {@link WebhookTargets#resolve}, so a name that resolved to a public address for
 * the check cannot resolve to 127.0.0.1 for the connection (DNS rebinding). Redirects are not followed (a 3xx is a
 * failure), nothing is retried here (the ledger retries, with the same id), and every request is cut off after
 * five seconds however slowly the receiver trickles its answer.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final Timeout CONNECT = Timeout.ofSeconds(2);
    private static final Duration WHOLE_REQUEST = Duration.ofSeconds(5);

    private final WebhookTargets targets;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-deadline");
        thread.setDaemon(true);
        return thread;
    });

    WebhookSender(WebhookTargets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(targets))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT)
                                .setSocketTimeout(Timeout.of(WHOLE_REQUEST))
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(CONNECT)
                        .setResponseTimeout(Timeout.of(WHOLE_REQUEST))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("incident-ledger-webhooks")
                .build();
    }

    Outcome send(DueMessage message) {
        URI target;
        try {
            target = targets.check(message.address());
        } catch (WebhookTargets.RefusedTarget refused) {
            return Outcome.failed(null, "target refused: " + refused.getMessage());
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpPost post = new HttpPost(target);
        post.setHeader("webhook-id", message.messageId());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setEntity(new StringEntity(message.body(), ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, WHOLE_REQUEST.toMillis(), TimeUnit.MILLISECONDS);
        try {
            post.setHeader("webhook-signature",
                    new Webhook(message.secret()).sign(message.messageId(), timestamp, message.body()));
            return http.execute(post, response -> {
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return Outcome.delivered(status);
                }
                Duration retryAfter = (status == 429 || status == 503)
                        ? Optional.ofNullable(response.getFirstHeader("Retry-After")).map(Header::getValue)
                                .flatMap(WebhookSender::seconds).orElse(null)
                        : null;
                return new Outcome(false, status, null, retryAfter, status == 410);
            });
        } catch (RefusedAddress refused) {
            return Outcome.failed(null, "target refused: " + refused.getMessage());
        } catch (Exception failure) {
            if (post.isCancelled()) {
                return Outcome.failed(null, "no answer within " + WHOLE_REQUEST.toSeconds() + " s");
            }
            Throwable cause = failure.getCause() instanceof RefusedAddress refused ? refused : failure;
            if (cause instanceof RefusedAddress) {
                return Outcome.failed(null, "target refused: " + cause.getMessage());
            }
            return Outcome.failed(null, failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        } finally {
            deadline.cancel(false);
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    /** A connection's host resolved to an address webhooks may not reach. */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String reason) {
            super(reason);
        }
    }

    /** Resolves as the system does, and lets through only addresses {@link WebhookTargets} allows. */
    static final class CheckedResolver implements DnsResolver {

        private final WebhookTargets targets;

        CheckedResolver(WebhookTargets targets) {
            this.targets = targets;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                return targets.resolve(host).toArray(InetAddress[]::new);
            } catch (WebhookTargets.RefusedTarget refused) {
                throw new RefusedAddress(refused.getMessage());
            }
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
