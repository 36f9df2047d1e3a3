-- Similar comments: the secretariat's decisions on clusters of near-duplicate comments of one section
-- (see reviewer.store.similar). state: confirmed (printed and shown as one entry) or split (its members
-- are never suggested together again). Suggestions themselves are computed, not stored.
CREATE TABLE comment_clusters (
    id         TEXT PRIMARY KEY,
    draft_id   TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('confirmed', 'split')),
    created_at TEXT NOT NULL,
    device_id  TEXT NOT NULL
);
CREATE INDEX comment_clusters_draft ON comment_clusters (draft_id, state);

CREATE TABLE comment_cluster_members (
    cluster_id TEXT NOT NULL REFERENCES comment_clusters(id) ON DELETE CASCADE,
    comment_id TEXT NOT NULL REFERENCES comments(id),
    PRIMARY KEY (cluster_id, comment_id)
);
CREATE INDEX comment_cluster_members_comment ON comment_cluster_members (comment_id);
