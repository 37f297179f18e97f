-- When each projection_change row was written (the database's clock), so that rows every reader has long had a
-- chance to poll can be purged (changes.ProjectionChangePurge). recorded_at is the event's own time, which says
-- nothing about when the row appeared: a catch-up or a replay writes rows for old events. Rows already here count
-- as written now.
ALTER TABLE projection_change ADD COLUMN committed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
