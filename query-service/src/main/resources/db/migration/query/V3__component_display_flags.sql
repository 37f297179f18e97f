-- Statuspage's display flags, carried by ComponentRegistered since its revision 2. The defaults are what every
-- component had before (revision 1 events are upcast to them), so existing rows need no rebuild.
ALTER TABLE component_view ADD COLUMN showcase BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE component_view ADD COLUMN only_show_if_degraded BOOLEAN DEFAULT FALSE NOT NULL;
