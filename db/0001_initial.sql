-- Draft Reviewer schema, version 1: drafts and their sections, groups and delegates,
-- comments with tombstones and edit history, and the search index.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,           -- derived from the fingerprint: the same draft has the same id everywhere
    fingerprint TEXT NOT NULL UNIQUE,       -- SHA-256 of the outline (section ids, headings, texts)
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE sections (
    seq      INTEGER PRIMARY KEY,           -- explicit, so VACUUM keeps it: the search index refers to it
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,              -- document order
    number   TEXT NOT NULL,
    title    TEXT NOT NULL,
    level    INTEGER NOT NULL,
    parent   TEXT,
    text     TEXT NOT NULL DEFAULT '',
    UNIQUE (draft_id, id)
);
CREATE INDEX sections_order ON sections (draft_id, position);

CREATE TABLE groups (
    name       TEXT PRIMARY KEY,            -- "Tổ 1"; names travel between laptops, so they are the identity
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE delegates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    group_name TEXT NOT NULL REFERENCES groups(name) ON UPDATE CASCADE,
    role       TEXT CHECK (role IN ('to_truong', 'thu_ky', 'dai_bieu')),
    UNIQUE (name, group_name)
);

CREATE TABLE comments (
    seq         INTEGER PRIMARY KEY,        -- explicit, so VACUUM keeps it: the search index refers to it
    id          TEXT NOT NULL UNIQUE,       -- UUID
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    section_id  TEXT NOT NULL,              -- not a foreign key: a comment outlives its section in a new version
    group_name  TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('gop_y', 'sua_doi', 'bo_sung', 'de_nghi_bo', 'cau_hoi', 'nhat_tri')),
    text        TEXT NOT NULL,
    quote       TEXT NOT NULL DEFAULT '',
    quote_start INTEGER,                    -- character offsets of the quote in the section's text
    quote_end   INTEGER,
    proposal    TEXT NOT NULL DEFAULT '',
    supporters  INTEGER NOT NULL DEFAULT 0 CHECK (supporters >= 0),
    status      TEXT NOT NULL DEFAULT 'moi'
                CHECK (status IN ('moi', 'tiep_thu', 'tiep_thu_mot_phan', 'giai_trinh', 'khong_tiep_thu')),
    response    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,              -- UTC, ISO 8601
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,              -- the laptop that wrote this revision
    revision    INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0  -- a tombstone: kept so the deletion can travel
);
CREATE INDEX comments_by_section ON comments (draft_id, section_id, created_at);

CREATE TABLE comment_history (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    revision   INTEGER NOT NULL,
    device_id  TEXT NOT NULL,
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
    PRIMARY KEY (comment_id, revision, device_id)
);

-- Search: "folded" holds the text without accents, in lower case, with đ as d
-- ("Đảng" -> "dang"); "exact" keeps the accents, lower-cased, to rank exact matches first.
-- A comment's row has the comment's seq; a section title's row has the section's seq.
CREATE VIRTUAL TABLE comment_search USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE section_search USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0");
