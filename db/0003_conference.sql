-- The conference's settings for printed documents: the issuing body, number line, place and
-- date, the title of the consolidated feedback. One value per key; missing keys take defaults.

CREATE TABLE conference (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
