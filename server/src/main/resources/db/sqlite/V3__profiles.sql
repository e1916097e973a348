-- Profiles (about, avatar), per-field privacy, and blocks.
ALTER TABLE users ADD COLUMN about TEXT NOT NULL DEFAULT '';
-- The avatar's key in the media store (random, never from the client) and its detected media type.
ALTER TABLE users ADD COLUMN avatar_key TEXT;
ALTER TABLE users ADD COLUMN avatar_type TEXT;
-- Who may see each field: 'everyone', 'contacts' (share an active room) or 'nobody'.
ALTER TABLE users ADD COLUMN privacy_avatar TEXT NOT NULL DEFAULT 'everyone';
ALTER TABLE users ADD COLUMN privacy_about TEXT NOT NULL DEFAULT 'everyone';
ALTER TABLE users ADD COLUMN privacy_last_seen TEXT NOT NULL DEFAULT 'everyone';

CREATE TABLE blocks (
    blocker_id INTEGER NOT NULL REFERENCES users (id),
    blocked_id INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);

-- Direct rooms only: how many of the two members block the other (0-2). Kept in the transaction
-- that blocks or unblocks, so the posting path reads it with the room head instead of querying blocks.
ALTER TABLE rooms ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
