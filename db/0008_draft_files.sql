-- The registered draft's own file, so the draft with every comment as a Word comment can be written
-- after the original is moved, or on a laptop that received the draft by other means. Local to this
-- database: packages never carry it (a draft known only from a package has no row here).
CREATE TABLE draft_files (
    draft_id  TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content   BLOB NOT NULL,
    saved_at  TEXT NOT NULL
);

-- Comments imported from a Word file, by their identity in that file (Word's durable id, else its
-- id, author and date), so importing the same file again, or a later save of it, adds only new ones.
-- ``resolved``: Word's "resolved" (done) state when it was imported.
CREATE TABLE word_comments (
    draft_id   TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments(id),
    resolved   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (draft_id, key)
);
