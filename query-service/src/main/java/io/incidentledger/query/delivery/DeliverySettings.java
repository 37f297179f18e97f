package io.incidentledger.query.delivery;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The delivery knobs: the retry schedule, how often a worker looks for work, how many sends run at once. */
@Component
class DeliverySettings {

    final Duration initialInterval;
    final Duration giveUpAfter;
    final Duration pollInterval;
    final Duration lease;
    final int senders;
    final boolean enabled;

    DeliverySettings(@Value("${incident-ledger.webhooks.retry.initial-interval:30s}") Duration initialInterval,
                     @Value("${incident-ledger.webhooks.retry.give-up-after:25h}") Duration giveUpAfter,
                     @Value("${incident-ledger.delivery.poll-interval:1s}") Duration pollInterval,
                     @Value("${incident-ledger.delivery.lease:2m}") Duration lease,
                     @Value("${incident-ledger.delivery.senders:8}") int senders,
                     @Value("${incident-ledger.delivery.enabled:true}") boolean enabled) {
        this.initialInterval = initialInterval;
        this.giveUpAfter = giveUpAfter;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.senders = senders;
        this.enabled = enabled;
    }

    /** The wait after the n-th failed attempt (1-based): initial, doubling. */
    Duration backoff(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        return initialInterval.multipliedBy(1L << doublings);
    }
}
