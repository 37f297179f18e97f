-- A component's new status is announced once it has held for the settle time (incident-ledger.announcements.settle):
-- a backdated incident entered and resolved in two quick commands moves the component for a moment only, and that
-- moment is not news. The status seen but not yet announced, and since when it has been seen.
ALTER TABLE announced_component_status ADD COLUMN pending_status VARCHAR(32);
ALTER TABLE announced_component_status ADD COLUMN pending_since TIMESTAMP WITH TIME ZONE;
