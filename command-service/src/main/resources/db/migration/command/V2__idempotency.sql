-- Idempotency-Key: the first final answer to a command request, per acting principal and key, replayed to
-- retries. A row is written in the transaction that appends the command's events, so it exists exactly
-- when they do. Rows older than the retention (expires_at) are purged periodically.
CREATE TABLE idempotency_key (
    principal             VARCHAR(255)             NOT NULL,
    idempotency_key       VARCHAR(255)             NOT NULL,
    -- SHA-256 (hex) of method, path and canonical JSON body: the same key with another request is refused.
    fingerprint           VARCHAR(64)              NOT NULL,
    -- The row is claimed first and the answer filled in before commit: null only inside that transaction.
    response_status       INTEGER,
    response_content_type VARCHAR(255),
    response_location     VARCHAR(2048),
    response_etag         VARCHAR(255),
    response_body         BYTEA,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_idempotency_key PRIMARY KEY (principal, idempotency_key)
);

CREATE INDEX ix_idempotency_key_expires_at ON idempotency_key (expires_at);
