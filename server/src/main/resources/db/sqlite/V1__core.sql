-- Times are epoch milliseconds. Positions (pos) come from the single-row stream counter, which
-- every writing transaction updates first, so pos order is commit order.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   TEXT    NOT NULL UNIQUE,
    device       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE stream (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    pos INTEGER NOT NULL
);
INSERT INTO stream (id, pos) VALUES (1, 0);

CREATE TABLE rooms (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    name             TEXT,
    description      TEXT,
    creator_id       INTEGER REFERENCES users (id),
    direct_key       TEXT UNIQUE,
    created_at       INTEGER NOT NULL,
    last_seq         INTEGER NOT NULL DEFAULT 0,
    last_pos         INTEGER NOT NULL DEFAULT 0,
    last_message_id  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rooms_by_last_pos ON rooms (last_pos);

CREATE TABLE members (
    room_id       INTEGER NOT NULL REFERENCES rooms (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    role          TEXT    NOT NULL,
    joined_seq    INTEGER NOT NULL,
    left_seq      INTEGER,
    left_pos      INTEGER,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    read_seq      INTEGER NOT NULL DEFAULT 0,
    cursor_pos    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id, room_id);
CREATE INDEX members_by_cursor ON members (room_id, cursor_pos);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    seq        INTEGER NOT NULL,
    sender_id  INTEGER NOT NULL REFERENCES users (id),
    client_id  TEXT,
    kind       TEXT    NOT NULL,
    text       TEXT,
    data       TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (room_id, seq),
    UNIQUE (sender_id, client_id)
);
CREATE INDEX messages_by_room_pos ON messages (room_id, id);
