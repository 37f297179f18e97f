-- The command side's own tracking tokens (the processor that schedules a recurring maintenance's occurrences),
-- apart from query-service's TokenEntry table: each service migrates, resets and rebuilds only its own.
CREATE TABLE command_token_entry (
    processorName VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokenType     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    CONSTRAINT pk_command_token_entry PRIMARY KEY (processorName, segment)
);
