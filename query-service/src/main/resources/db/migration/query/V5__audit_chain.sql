-- The audit chain: one link per stored event, in the order the audit processor took them (global order, except
-- that an event whose transaction committed late follows the events it waited behind). Each hash covers the
-- previous hash and the event's stored bytes, so changing, removing or reordering any chained event breaks
-- every later link. It is evidence, not a read model: never reset, never rebuilt.
CREATE TABLE audit_chain (
    link             BIGINT                   NOT NULL,
    position         BIGINT                   NOT NULL,
    event_identifier VARCHAR(255)             NOT NULL,
    recorded_at      VARCHAR(255)             NOT NULL,
    hash             VARCHAR(64)              NOT NULL,
    chained_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_audit_chain PRIMARY KEY (link),
    CONSTRAINT uk_audit_chain_position UNIQUE (position)
);
