-- Groups people can run: directory listing, history visibility, member counts, bans, invite links, pins.
ALTER TABLE rooms ADD COLUMN visibility TEXT NOT NULL DEFAULT 'private';
ALTER TABLE rooms ADD COLUMN history TEXT NOT NULL DEFAULT 'all';
ALTER TABLE rooms ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE rooms SET member_count = (SELECT COUNT(*) FROM members m WHERE m.room_id = rooms.id AND m.left_seq IS NULL);
CREATE INDEX rooms_directory ON rooms (visibility, member_count);

CREATE TABLE bans (
    room_id   INTEGER NOT NULL REFERENCES rooms (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    banned_by INTEGER NOT NULL REFERENCES users (id),
    banned_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

CREATE TABLE invites (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    code       TEXT    NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    max_uses   INTEGER,
    uses       INTEGER NOT NULL DEFAULT 0,
    revoked_at INTEGER
);
CREATE INDEX invites_by_room ON invites (room_id);

CREATE TABLE pins (
    room_id   INTEGER NOT NULL REFERENCES rooms (id),
    seq       INTEGER NOT NULL,
    pinned_by INTEGER NOT NULL REFERENCES users (id),
    pinned_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, seq)
);
