-- What each projection has committed, one row per event projected, written in the projection's own
-- transaction. Every query-service instance polls it, so the public documents and the live stream of every
-- instance follow the projections even when another instance holds the processors' tokens, and a stream
-- client can resume from any position still here.
CREATE TABLE projection_change (
    processor    VARCHAR(64)  NOT NULL,
    position     BIGINT       NOT NULL,
    aggregate_id VARCHAR(255),
    event_type   VARCHAR(255) NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_projection_change PRIMARY KEY (processor, position)
);

CREATE INDEX ix_projection_change_position ON projection_change (position);
