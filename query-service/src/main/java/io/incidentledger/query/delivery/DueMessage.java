package io.incidentledger.query.delivery;

import java.time.Instant;

/** A message a worker claimed, with what it needs to send it (read once, before sending, outside a transaction). */
record DueMessage(String messageId, String subscriberId, String channel, String address, String secret,
                  String body, int attempts, Instant createdAt) {
}
