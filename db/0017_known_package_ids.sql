-- The ids of the comments of the package a device last sent (a JSON list), so that importing that
-- package again reads none of its comments: parsing them only to learn their ids was a third of a
-- second import of 30 packages. NULL for packages recorded before: their comments are read as before.
ALTER TABLE exchange_manifests ADD COLUMN comment_ids TEXT;
