-- The conference secretariat ("ban thư ký") uses the window too: merging, answering, printing. It is a
-- role of its own, not a group's secretary. SQLite cannot change a CHECK in place: the small table of
-- delegates is copied into one that allows the new role.

CREATE TABLE delegates_new (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    group_name TEXT NOT NULL REFERENCES groups(name) ON UPDATE CASCADE,
    role       TEXT CHECK (role IN ('to_truong', 'thu_ky', 'dai_bieu', 'ban_thu_ky')),
    UNIQUE (name, group_name)
);
INSERT INTO delegates_new (id, name, group_name, role) SELECT id, name, group_name, role FROM delegates;
DROP TABLE delegates;
ALTER TABLE delegates_new RENAME TO delegates;
