-- query-service's own tables: Axon's token store (default TokenSchema names) and the read models.
-- Tokens and read-model rows live in the same database and are written in the same transaction, so a
-- batch of events is projected exactly once or not at all. Every read model is disposable: it can be
-- dropped and rebuilt from the events.

CREATE TABLE TokenEntry (
    processorName VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokenType     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    CONSTRAINT pk_token_entry PRIMARY KEY (processorName, segment)
);

CREATE TABLE component_view (
    component_id VARCHAR(64)              NOT NULL,
    name         VARCHAR(100)             NOT NULL,
    group_name   VARCHAR(100),
    description  VARCHAR(2000),
    position     INTEGER                  NOT NULL,
    retired      BOOLEAN                  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_component_view PRIMARY KEY (component_id)
);

CREATE TABLE incident_view (
    incident_id   VARCHAR(64)              NOT NULL,
    title         VARCHAR(200)             NOT NULL,
    impact        VARCHAR(16)              NOT NULL,
    status        VARCHAR(16)              NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at   TIMESTAMP WITH TIME ZONE,
    monitoring_at TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    postmortem    VARCHAR,
    postmortem_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_incident_view PRIMARY KEY (incident_id)
);
CREATE INDEX ix_incident_view_started ON incident_view (started_at);

-- One row per update shown in a timeline (the opening, updates, resolution, reopening).
CREATE TABLE incident_update_view (
    update_id    VARCHAR(64)              NOT NULL,
    incident_id  VARCHAR(64)              NOT NULL,
    sequence     BIGINT                   NOT NULL,
    kind         VARCHAR(16)              NOT NULL,
    status       VARCHAR(16)              NOT NULL,
    message      VARCHAR                  NOT NULL,
    effective_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor        VARCHAR(200),
    CONSTRAINT pk_incident_update_view PRIMARY KEY (update_id)
);
CREATE INDEX ix_incident_update_incident ON incident_update_view (incident_id, sequence);

-- What an update changed, per component (Statuspage's affected_components).
CREATE TABLE incident_update_change (
    update_id         VARCHAR(64) NOT NULL,
    ordinal           INTEGER     NOT NULL,
    component_id      VARCHAR(64) NOT NULL,
    old_status        VARCHAR(32) NOT NULL,
    new_status        VARCHAR(32) NOT NULL,
    affected_fraction DOUBLE PRECISION,
    CONSTRAINT pk_incident_update_change PRIMARY KEY (update_id, ordinal)
);

-- The facts the downtime arithmetic replays, per incident in event order: declarations, resolutions,
-- reopenings (and, later, corrections). Recorded times are kept so answers "as published then" are possible.
CREATE TABLE incident_fact (
    incident_id       VARCHAR(64)              NOT NULL,
    sequence          BIGINT                   NOT NULL,
    ordinal           INTEGER                  NOT NULL,
    kind              VARCHAR(16)              NOT NULL,
    component_id      VARCHAR(64),
    status            VARCHAR(32),
    affected_fraction DOUBLE PRECISION,
    effective_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    effective_to      TIMESTAMP WITH TIME ZONE,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_incident_fact PRIMARY KEY (incident_id, sequence, ordinal)
);
CREATE INDEX ix_incident_fact_component ON incident_fact (component_id);
