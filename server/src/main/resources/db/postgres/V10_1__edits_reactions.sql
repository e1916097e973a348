-- Edits and reactions (MSG-5, MSG-6). An edit rewrites the message row in place and stamps edited_at.
ALTER TABLE messages ADD COLUMN edited_at BIGINT;

-- Every change to an existing message (an edit, a reaction added or removed) at its own stream
-- position, so sync replays them in order after the messages they change. Not in the room's seq:
-- they never make a room unread. A message deleted for everyone loses its rows here.
CREATE TABLE message_changes (
    pos        BIGINT PRIMARY KEY,
    room_id    BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    actor_id   BIGINT NOT NULL,
    body_kind  TEXT,
    text       TEXT,
    data       TEXT,
    emoji      TEXT,
    added      BOOLEAN,
    count      INTEGER,
    at         BIGINT NOT NULL
);
CREATE INDEX message_changes_by_room_pos ON message_changes (room_id, pos);
CREATE INDEX message_changes_by_message ON message_changes (message_id);

-- One row per (message, emoji, user), reached by its primary key: the reactions of a message are
-- one index range, and the row is three small columns plus a time.
CREATE TABLE reactions (
    message_id BIGINT   NOT NULL,
    emoji      TEXT     NOT NULL,
    user_id    BIGINT   NOT NULL,
    created_at BIGINT   NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);
