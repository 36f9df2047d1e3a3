-- The secretariat's decisions travel to every laptop (reviewer.store.decisions): each cluster record and
-- each printed-header setting keeps when it was last changed and on which laptop, so that merging keeps
-- the latest everywhere. A cluster's members never change after it is recorded; a comment confirmed into
-- a newer cluster belongs to that one (read time, see reviewer.store.similar).
ALTER TABLE comment_clusters ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE comment_clusters SET updated_at = created_at;

CREATE TABLE conference_stamps (
    key        TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL
);
-- Settings made before stamps existed: older than any change made from now on.
INSERT INTO conference_stamps (key, updated_at, device_id) SELECT key, '', '' FROM conference;
