-- A package imported again (the secretariat's scheduled `reviewer sync`, the same files given twice)
-- is recognised by the SHA-256 of its manifest, which holds the checksum of its comments: when the
-- newest package recorded for a device (exchange_devices) has this manifest, merging it again cannot
-- change anything, and its comments need not be checked and merged one by one (see
-- reviewer.store.exchange_records.known_package).
CREATE TABLE exchange_manifests (
    device_id     TEXT NOT NULL,
    draft_id      TEXT NOT NULL,
    manifest      TEXT NOT NULL,              -- SHA-256 of that package's manifest.json
    other_version INTEGER NOT NULL DEFAULT 0, -- 1: attached to another version of its draft (merged in full again)
    PRIMARY KEY (device_id, draft_id),
    FOREIGN KEY (device_id, draft_id) REFERENCES exchange_devices (device_id, draft_id) ON DELETE CASCADE
);
CREATE INDEX exchange_manifests_by_sha ON exchange_manifests (manifest);
