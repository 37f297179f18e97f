-- Idempotency-Key claims no longer live inside one long transaction around the whole request (which held a
-- pooled connection while the command waited for its aggregate). A request now claims its key in a short
-- statement of its own, the command's unit of work marks the claim as acted on in the very transaction that
-- appends its events, and the answer is filled in afterwards.
ALTER TABLE idempotency_key ADD COLUMN claim_token VARCHAR(36);
-- Until when the claiming request may still act. A claim past it that never acted is taken over by the next
-- retry (its request died, or is so slow that its client retried): the old request then cannot act, because
-- acting requires the claim_token it no longer holds.
ALTER TABLE idempotency_key ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
-- Set in the transaction that appends the command's events: true exactly when they are committed, with the
-- aggregate's version after them. A request that died between that commit and recording its answer is re-run
-- from these (ids derived from claim_token, the version from acted_version) to rebuild the very same answer.
ALTER TABLE idempotency_key ADD COLUMN acted BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE idempotency_key ADD COLUMN acted_version BIGINT;

-- bucket4j's table for the per-client write-rate buckets on PostgreSQL (one row per client, its state in
-- bucket4j's own binary form, expires_at in epoch milliseconds for the purge). Unused on the embedded H2
-- default, where the buckets are kept in memory (one instance serves it).
CREATE TABLE write_rate_bucket (
    id         VARCHAR(512) NOT NULL,
    state      BYTEA,
    expires_at BIGINT,
    CONSTRAINT pk_write_rate_bucket PRIMARY KEY (id)
);
