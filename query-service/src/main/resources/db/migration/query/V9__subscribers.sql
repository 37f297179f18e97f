-- Subscribers (SPEC §8). Not a read model: nothing here comes from the events, and nothing here is rebuilt. The
-- addresses are personal data, which is why they live here and never in the event store: unsubscribing deletes
-- the row (and, by cascade, everything kept for it), and it is really gone.
CREATE TABLE subscriber (
    subscriber_id        VARCHAR(40)              NOT NULL,
    -- 'email' or 'webhook'
    channel              VARCHAR(16)              NOT NULL,
    -- The address as given: an email address or an http(s) URL.
    address              VARCHAR(2048)            NOT NULL,
    -- The address compared for "already subscribed": an email address lower-cased, a URL as normalised.
    address_key          VARCHAR(2048)            NOT NULL,
    -- A webhook's signing secret (whsec_...), shown once in the 202 and never again; null for email.
    secret               VARCHAR(200),
    -- The token of the confirm and unsubscribe links (unguessable, one per subscriber).
    token                VARCHAR(100)             NOT NULL,
    -- True: the whole page; false: only the components in subscriber_component.
    all_components       BOOLEAN                  NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Null until the confirmation link is followed (double opt-in): nothing but the confirmation is sent before.
    -- A webhook is confirmed when it is created (whoever holds the secret controls the receiver).
    confirmed_at         TIMESTAMP WITH TIME ZONE,
    -- Delivery health, kept by the delivery worker.
    last_success_at      TIMESTAMP WITH TIME ZONE,
    last_failure_at      TIMESTAMP WITH TIME ZONE,
    last_error           VARCHAR(1000),
    consecutive_failures INTEGER                  DEFAULT 0 NOT NULL,
    -- Set when a message ran out of retries; cleared by the next success.
    failing_since        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_subscriber PRIMARY KEY (subscriber_id),
    CONSTRAINT uq_subscriber_address UNIQUE (channel, address_key),
    CONSTRAINT uq_subscriber_token UNIQUE (token)
);

-- The components a subscriber chose, when not the whole page.
CREATE TABLE subscriber_component (
    subscriber_id VARCHAR(40)  NOT NULL,
    component_id  VARCHAR(255) NOT NULL,
    CONSTRAINT pk_subscriber_component PRIMARY KEY (subscriber_id, component_id),
    CONSTRAINT fk_subscriber_component FOREIGN KEY (subscriber_id) REFERENCES subscriber (subscriber_id)
        ON DELETE CASCADE
);
CREATE INDEX ix_subscriber_component_component ON subscriber_component (component_id);
