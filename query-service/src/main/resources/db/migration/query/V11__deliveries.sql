-- Delivery (SPEC §8): each announcement becomes one message per matching confirmed subscriber, recorded here
-- before anything is sent, so that a crash between recording and sending still sends it (once) after restart.
-- Not read models: a rebuild must neither resend nor forget what was sent.

-- How far the fan-out has gone: the last announcement_id turned into messages. One row; advanced in the same
-- transaction as the messages it produced, so a crash fans out an announcement either wholly or not at all.
CREATE TABLE delivery_cursor (
    cursor_id             VARCHAR(16) NOT NULL,
    last_announcement_id  BIGINT      NOT NULL,
    CONSTRAINT pk_delivery_cursor PRIMARY KEY (cursor_id)
);
INSERT INTO delivery_cursor (cursor_id, last_announcement_id) VALUES ('fanout', 0);

-- One message to one subscriber: its webhook-id and its exact body are fixed here and kept for every retry.
CREATE TABLE delivery_message (
    message_id       VARCHAR(40)              NOT NULL,
    announcement_id  BIGINT                   NOT NULL,
    subscriber_id    VARCHAR(40)              NOT NULL,
    -- 'email' or 'webhook', as the subscriber's channel was when it was recorded.
    channel          VARCHAR(16)              NOT NULL,
    -- The webhook JSON (meta, page and the announcement's fields); the email is rendered from it too.
    body             VARCHAR                  NOT NULL,
    -- 'pending', 'delivered' or 'dead' (out of retries).
    state            VARCHAR(16)              NOT NULL,
    attempts         INTEGER                  DEFAULT 0 NOT NULL,
    -- When it may be tried (again).
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A worker that claimed it holds it until then; after, another may take it (the worker died).
    lease_until      TIMESTAMP WITH TIME ZONE,
    lease_owner      VARCHAR(64),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_delivery_message PRIMARY KEY (message_id),
    -- Two instances fanning out the same announcement record it once.
    CONSTRAINT uq_delivery_message UNIQUE (announcement_id, subscriber_id),
    -- Deleting a subscriber (unsubscribe, admin removal) deletes what was kept for it.
    CONSTRAINT fk_delivery_message_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscriber (subscriber_id)
        ON DELETE CASCADE
);
CREATE INDEX ix_delivery_message_due ON delivery_message (state, next_attempt_at);
CREATE INDEX ix_delivery_message_subscriber ON delivery_message (subscriber_id, created_at);

-- Every attempt, for the admin's view of a subscriber's deliveries.
CREATE TABLE delivery_attempt (
    message_id   VARCHAR(40)              NOT NULL,
    attempt      INTEGER                  NOT NULL,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- 'delivered' or 'failed'.
    outcome      VARCHAR(16)              NOT NULL,
    http_status  INTEGER,
    error        VARCHAR(1000),
    duration_ms  BIGINT                   NOT NULL,
    CONSTRAINT pk_delivery_attempt PRIMARY KEY (message_id, attempt),
    CONSTRAINT fk_delivery_attempt_message FOREIGN KEY (message_id) REFERENCES delivery_message (message_id)
        ON DELETE CASCADE
);
