-- Scheduled maintenance (SPEC §7): the window as now planned, its lifecycle, the components it declares and its
-- stream of updates. Disposable like every read model: the maintenances processor rebuilds it from the events.
-- Effective times (what the world saw) and recorded times (when the ledger learnt it) are both kept: a window
-- started by its deadline after every instance was down has started_at = the scheduled start, and
-- started_recorded_at = when the deadline really fired.
CREATE TABLE maintenance_view (
    maintenance_id          VARCHAR(255)             NOT NULL,
    title                   VARCHAR                  NOT NULL,
    status                  VARCHAR(16)              NOT NULL,
    scheduled_for           TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_until         TIMESTAMP WITH TIME ZONE NOT NULL,
    announced_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    auto_start              BOOLEAN                  NOT NULL,
    auto_complete           BOOLEAN                  NOT NULL,
    series_id               VARCHAR(255),
    started_at              TIMESTAMP WITH TIME ZONE,
    started_recorded_at     TIMESTAMP WITH TIME ZONE,
    started_automatically   BOOLEAN,
    verifying_at            TIMESTAMP WITH TIME ZONE,
    completed_at            TIMESTAMP WITH TIME ZONE,
    completed_recorded_at   TIMESTAMP WITH TIME ZONE,
    completed_automatically BOOLEAN,
    cancelled_at            TIMESTAMP WITH TIME ZONE,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    version                 BIGINT                   NOT NULL,
    CONSTRAINT pk_maintenance_view PRIMARY KEY (maintenance_id)
);
CREATE INDEX ix_maintenance_view_scheduled ON maintenance_view (scheduled_for);
CREATE INDEX ix_maintenance_view_started ON maintenance_view (started_at);

-- The components the window takes down, each at the status it declares (usually under_maintenance), as the plan
-- now stands: a reschedule replaces them, and once it has started they no longer change.
CREATE TABLE maintenance_component (
    maintenance_id    VARCHAR(255) NOT NULL,
    ordinal           INTEGER      NOT NULL,
    component_id      VARCHAR(64)  NOT NULL,
    status            VARCHAR(32)  NOT NULL,
    affected_fraction DOUBLE PRECISION,
    CONSTRAINT pk_maintenance_component PRIMARY KEY (maintenance_id, ordinal)
);
CREATE INDEX ix_maintenance_component_component ON maintenance_component (component_id);

-- Its timeline: the announcement, every reschedule, the start, updates, the completion or the cancellation.
-- message is null where the event carried none (an automatic start, a reschedule). scheduled_for/until are the
-- window a reschedule moved it to.
CREATE TABLE maintenance_update_view (
    update_id       VARCHAR(255)             NOT NULL,
    maintenance_id  VARCHAR(255)             NOT NULL,
    sequence        BIGINT                   NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    message         VARCHAR,
    effective_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(200),
    automatic       BOOLEAN                  NOT NULL,
    scheduled_for   TIMESTAMP WITH TIME ZONE,
    scheduled_until TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_maintenance_update_view PRIMARY KEY (update_id)
);
CREATE INDEX ix_maintenance_update_maintenance ON maintenance_update_view (maintenance_id, sequence);

-- What an update moved (Statuspage's affected_components): the start takes each component to its declared status,
-- the completion brings it back.
CREATE TABLE maintenance_update_change (
    update_id    VARCHAR(255) NOT NULL,
    ordinal      INTEGER      NOT NULL,
    component_id VARCHAR(64)  NOT NULL,
    old_status   VARCHAR(32)  NOT NULL,
    new_status   VARCHAR(32)  NOT NULL,
    CONSTRAINT pk_maintenance_update_change PRIMARY KEY (update_id, ordinal)
);
