-- Edits and reactions (MSG-5, MSG-6). An edit rewrites the message row in place and stamps edited_at.
ALTER TABLE messages ADD COLUMN edited_at INTEGER;

-- Every change to an existing message (an edit, a reaction added or removed) at its own stream
-- position, so sync replays them in order after the messages they change. Not in the room's seq:
-- they never make a room unread. A message deleted for everyone loses its rows here.
CREATE TABLE message_changes (
    pos        INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL,
    body_kind  TEXT,
    text       TEXT,
    data       TEXT,
    emoji      TEXT,
    added      INTEGER,
    count      INTEGER,
    at         INTEGER NOT NULL
);
CREATE INDEX message_changes_by_room_pos ON message_changes (room_id, pos);
CREATE INDEX message_changes_by_message ON message_changes (message_id);

-- One row per (message, emoji, user): about 25 bytes in a table clustered by its key, so the
-- reactions of a message are one contiguous range and thousands of them stay small.
CREATE TABLE reactions (
    message_id INTEGER NOT NULL,
    emoji      TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
) WITHOUT ROWID;
