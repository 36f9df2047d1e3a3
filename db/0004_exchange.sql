-- Comment exchange between laptops (comment packages, the shared exchange folder).

-- A draft registered from a package's manifest (never opened from its .docx on this laptop).
-- Such a stand-in never takes in the comments of another version of the draft; a draft opened
-- from its .docx does (by section id).
ALTER TABLE drafts ADD COLUMN from_package INTEGER NOT NULL DEFAULT 0;

-- Conflicts: the highest revision at which two laptops wrote different versions of a comment
-- (0: never), and the highest one the secretariat has marked as looked at. The comment is in
-- conflict while fork_revision > resolved_revision. Both only grow, so merging is order-free.
ALTER TABLE comments ADD COLUMN fork_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN resolved_revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comments_in_conflict ON comments (draft_id) WHERE fork_revision > resolved_revision;

-- The section a previous version was on (NULL: unknown, for versions archived before schema 4).
ALTER TABLE comment_history ADD COLUMN section_id TEXT;

-- A local edit archives the current version just before changing it: fill in its section then.
-- Versions received from another laptop carry their own section (or none) and are left as they are.
CREATE TRIGGER comment_history_section AFTER INSERT ON comment_history
WHEN NEW.section_id IS NULL AND EXISTS (
    SELECT 1 FROM comments c WHERE c.id = NEW.comment_id AND c.revision = NEW.revision
                               AND c.device_id = NEW.device_id)
BEGIN
    UPDATE comment_history SET section_id = (SELECT section_id FROM comments WHERE id = NEW.comment_id)
    WHERE rowid = NEW.rowid;
END;

-- The latest package received from each device for each draft (by the sender's export time).
CREATE TABLE exchange_devices (
    device_id    TEXT NOT NULL,
    draft_id     TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    device_group TEXT NOT NULL DEFAULT '',      -- the group the sending laptop belongs to, as it said
    exported_at  TEXT NOT NULL,                 -- the sender's clock
    received_at  TEXT NOT NULL,                 -- this laptop's clock, when that package was read
    comments     INTEGER NOT NULL,              -- comments in the package (not deleted)
    tombstones   INTEGER NOT NULL,
    payload      TEXT NOT NULL,                 -- SHA-256 of the package's comments
    file_name    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (device_id, draft_id)
);

-- How many comments of each group that package carried.
CREATE TABLE exchange_groups (
    device_id  TEXT NOT NULL,
    draft_id   TEXT NOT NULL,
    group_name TEXT NOT NULL,
    comments   INTEGER NOT NULL,
    PRIMARY KEY (device_id, draft_id, group_name),
    FOREIGN KEY (device_id, draft_id) REFERENCES exchange_devices (device_id, draft_id) ON DELETE CASCADE
);
