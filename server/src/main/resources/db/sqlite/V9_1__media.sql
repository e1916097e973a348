-- Media (issue 9). Blobs are content-addressed (the SHA-256 of their bytes) and counted by
-- reference: every media row holds one on its blob and one on its thumbnail's, so the same bytes
-- are stored once and a blob is deleted when the last row that needs it goes.
CREATE TABLE blobs (
    sha256     TEXT    PRIMARY KEY,
    refs       INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- One row per upload, whoever else uploaded the same bytes. type is the media type detected from
-- the bytes, never the client's claim; width/height/duration_ms, the thumbnail and the placeholder
-- (a BlurHash) are null where they do not apply.
CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    name        TEXT,
    width       INTEGER,
    height      INTEGER,
    duration_ms INTEGER,
    blob_key    TEXT    NOT NULL,
    thumb_key   TEXT,
    thumb_type  TEXT,
    thumb_size  INTEGER,
    placeholder TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX media_by_owner ON media (owner_id);
CREATE INDEX media_by_created ON media (created_at);

-- Which messages show which media: what download access is decided from (a reader of the room at
-- that seq may have it). Written in the commit that appends the message.
CREATE TABLE media_refs (
    media_id INTEGER NOT NULL REFERENCES media (id),
    room_id  INTEGER NOT NULL REFERENCES rooms (id),
    seq      INTEGER NOT NULL,
    PRIMARY KEY (media_id, room_id, seq)
);

-- Avatars are media rows too. Avatars stored before this keep their old random key as their blob
-- (size unknown: 0); avatar_key and avatar_type stay beside the id so profile reads need no join.
-- No foreign key: media.owner_id already points at users, and a cycle would leave no order to
-- copy the tables in (admin copy).
ALTER TABLE users ADD COLUMN avatar_media_id INTEGER;
INSERT INTO blobs (sha256, refs, created_at)
    SELECT avatar_key, COUNT(*), 0 FROM users WHERE avatar_key IS NOT NULL GROUP BY avatar_key;
INSERT INTO media (owner_id, kind, type, size, blob_key, created_at)
    SELECT id, 'image', avatar_type, 0, avatar_key, 0 FROM users WHERE avatar_key IS NOT NULL;
UPDATE users SET avatar_media_id = (SELECT m.id FROM media m WHERE m.owner_id = users.id AND m.blob_key = users.avatar_key)
    WHERE avatar_key IS NOT NULL;
