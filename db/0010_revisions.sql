-- Revised drafts: a new version registered as the revision of an older one, and where each comment of
-- the older version went. Local to this database: packages never carry it (the copies themselves travel
-- as ordinary comments of the new version).
CREATE TABLE draft_revisions (
    old_draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    new_draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (old_draft_id, new_draft_id)
);
CREATE INDEX draft_revisions_new ON draft_revisions (new_draft_id);

-- One row per comment carried onto the new version: the copy (comment_id), the original and the section
-- it was on. state: carried (placed with strong evidence), review (a proposed place the secretariat must
-- confirm) or unplaced (no place found; the copy's section is the "unplaced" marker). score: 0..1, the
-- strength of the evidence when it was placed.
CREATE TABLE carried_comments (
    comment_id     TEXT PRIMARY KEY REFERENCES comments(id),
    old_comment_id TEXT NOT NULL REFERENCES comments(id),
    old_draft_id   TEXT NOT NULL,
    new_draft_id   TEXT NOT NULL,
    old_section_id TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('carried', 'review', 'unplaced')),
    score          REAL NOT NULL,
    FOREIGN KEY (old_draft_id, new_draft_id) REFERENCES draft_revisions (old_draft_id, new_draft_id)
        ON DELETE CASCADE,
    UNIQUE (new_draft_id, old_comment_id)
);
CREATE INDEX carried_comments_state ON carried_comments (new_draft_id, state);
