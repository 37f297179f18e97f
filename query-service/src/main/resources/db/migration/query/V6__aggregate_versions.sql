-- The aggregate version of each incident and component: the sequence number of the last of its events the
-- projection applied (incident opened = 0, each further event + 1), which is what command-service answers as its
-- ETag and accepts as If-Match. Rows projected before this column existed have none (NULL) until the next rebuild
-- (POST /api/admin/rebuild or --rebuild), or until their next event; their answers carry "version": null.
ALTER TABLE incident_view ADD COLUMN version BIGINT;
ALTER TABLE component_view ADD COLUMN version BIGINT;
