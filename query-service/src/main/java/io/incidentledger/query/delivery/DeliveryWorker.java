package io.incidentledger.query.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * One per instance: fans announcements out, claims due messages and sends each on a bounded pool, one message
 * per sender thread, so a slow or dead receiver holds one thread for at most its timeout and never the others.
 * It claims no more than it has free senders, so nothing claimed waits in a queue while its lease runs.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryLedger ledger;
    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final DeliverySettings settings;
    private final Clock clock;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Semaphore free;
    private ScheduledExecutorService poller;
    private ExecutorService senders;
    private volatile boolean running;

    DeliveryWorker(DeliveryLedger ledger, WebhookSender webhooks, EmailSender emails, DeliverySettings settings,
                   Clock clock) {
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.emails = emails;
        this.settings = settings;
        this.clock = clock;
        this.free = new Semaphore(settings.senders);
    }

    @Override
    public void start() {
        if (!settings.enabled || running) {
            return;
        }
        running = true;
        senders = Executors.newFixedThreadPool(settings.senders, new CustomizableThreadFactory("delivery-send-"));
        poller = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("delivery-poll-"));
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            while (ledger.fanOut() > 0) {
                // drain the announcements written since the last poll
            }
            int slots = free.availablePermits();
            for (DueMessage message : ledger.claim(owner, slots, settings.lease)) {
                free.acquireUninterruptibly();
                senders.execute(() -> {
                    try {
                        deliver(message);
                    } finally {
                        free.release();
                    }
                });
            }
        } catch (RuntimeException failure) {
            log.warn("Delivery poll failed; next poll retries", failure);
        }
    }

    private void deliver(DueMessage message) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Outcome outcome = "email".equals(message.channel()) ? emails.send(message) : webhooks.send(message);
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        try {
            ledger.record(message, owner, started, durationMs, outcome, settings);
            if (outcome.gone()) {
                ledger.remove(message.subscriberId());
            }
        } catch (RuntimeException failure) {
            // e.g. the subscriber was deleted while we sent: its messages went with it
            log.warn("Could not record delivery attempt of {}", message.messageId(), failure);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
