-- bucket4j's table for the per-client rate of public subscriptions on PostgreSQL (one row per client address,
-- its state in bucket4j's binary form, expires_at in epoch milliseconds for the purge), so that every instance
-- counts one client's subscriptions together. Unused on the embedded H2 default (one instance: in memory).
CREATE TABLE subscription_rate_bucket (
    id         VARCHAR(512) NOT NULL,
    state      BYTEA,
    expires_at BIGINT,
    CONSTRAINT pk_subscription_rate_bucket PRIMARY KEY (id)
);

-- When the last confirmation mail was sent: a repeated subscription of an unconfirmed address resends it at most
-- once per interval, so that many clients cannot flood one mailbox with confirmations.
ALTER TABLE subscriber ADD COLUMN confirmation_sent_at TIMESTAMP WITH TIME ZONE;

-- The base of the subscriber's links (scheme, host, port, context path), as the subscribing request saw it or as
-- incident-ledger.page.public-url says: delivery runs outside any request, and every message carries an
-- unsubscribe link that must lead back to the page the subscriber used.
ALTER TABLE subscriber ADD COLUMN link_base VARCHAR(2048);
