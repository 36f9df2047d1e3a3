-- What the user of this laptop has seen of comments changed on other laptops: the version of each
-- comment last looked at. Local to this database: packages never carry it.
CREATE TABLE comment_seen (
    comment_id TEXT PRIMARY KEY REFERENCES comments(id),
    revision   INTEGER NOT NULL,
    device_id  TEXT NOT NULL
);

-- A database from before this version: what it holds counts as seen, so only changes that arrive
-- from now on are flagged (not every edit ever received at once).
INSERT INTO comment_seen (comment_id, revision, device_id) SELECT id, revision, device_id FROM comments
WHERE revision > 1;
