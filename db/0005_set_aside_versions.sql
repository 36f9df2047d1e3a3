-- Versions set aside by a clash: two copies of one database (the same device id) wrote different
-- content at the same revision of a comment. The merge keeps one of them under (revision, device),
-- the same one on every laptop; the other is kept here, never dropped, travels in packages, and
-- the comment is flagged as in conflict for the secretariat.
CREATE TABLE comment_set_aside (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    revision   INTEGER NOT NULL,
    device_id  TEXT NOT NULL,
    digest     TEXT NOT NULL,  -- SHA-256 of the version's section and content (reviewer.store.Version.digest)
    section_id TEXT,
    group_name TEXT NOT NULL,
    author     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    quote      TEXT NOT NULL,
    proposal   TEXT NOT NULL,
    supporters INTEGER NOT NULL,
    status     TEXT NOT NULL,
    response   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL,
    PRIMARY KEY (comment_id, revision, device_id, digest)
);
