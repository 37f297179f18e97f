-- The events that may be news, as the announcements processor took them (its own token, never reset), waiting
-- until every read model has passed them: an announcement is rendered from the read models (the Statuspage
-- objects, the component's status under the worst-of rule), so it must not be rendered before they are.
-- Not a read model: rows leave as they are announced (or found not to be news), and a rebuild adds none.
CREATE TABLE announcement_pending (
    -- The event store's global index of the event.
    position     BIGINT                   NOT NULL,
    -- The event's payload type, simple name (IncidentOpened, MaintenanceStarted, ComponentRetired, ...).
    event_type   VARCHAR(100)             NOT NULL,
    -- 'incident', 'maintenance' or 'component': the aggregate the event belongs to.
    subject_kind VARCHAR(32)              NOT NULL,
    subject_id   VARCHAR(255)             NOT NULL,
    -- When the event was recorded (its timestamp): news is what is published now (SPEC §8).
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- When what it reports happened, as the commander gave it (the payload's "at"), if it says: a fact recorded long
    -- after it happened (a backdated entry) is filed, not announced.
    effective_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_announcement_pending PRIMARY KEY (position)
);

-- Who works the pending candidates: one instance at a time (announcements are written in order, and the stream's
-- cursor relies on that), taken with one conditional UPDATE and given up when done or when it expires.
CREATE TABLE announcer_lease (
    id         INTEGER                  NOT NULL,
    holder     VARCHAR(100),
    expires_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_announcer_lease PRIMARY KEY (id)
);
INSERT INTO announcer_lease (id, holder, expires_at) VALUES (1, NULL, NULL);
