-- Corrections, shown openly beside the record they correct (SPEC §3 rule 6). The downtime arithmetic reads them
-- from incident_fact (kind 'corrected', effective_at .. effective_to); this table is what people read: who
-- corrected what, when, and why.
CREATE TABLE incident_correction_view (
    correction_id  VARCHAR(64)              NOT NULL,
    incident_id    VARCHAR(64)              NOT NULL,
    sequence       BIGINT                   NOT NULL,
    component_id   VARCHAR(64)              NOT NULL,
    status         VARCHAR(32)              NOT NULL,
    effective_from TIMESTAMP WITH TIME ZONE NOT NULL,
    effective_to   TIMESTAMP WITH TIME ZONE NOT NULL,
    reason         VARCHAR                  NOT NULL,
    actor          VARCHAR(200),
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_incident_correction_view PRIMARY KEY (correction_id)
);
CREATE INDEX ix_incident_correction_incident ON incident_correction_view (incident_id, sequence);
