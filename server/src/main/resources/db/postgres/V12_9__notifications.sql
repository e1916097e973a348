-- Notifications (issue 11): levels per account and per room, push targets, a durable push outbox.
-- The account default level and whether pushes may carry a preview of the text (1) or not (0).
ALTER TABLE users ADD COLUMN notify_level TEXT NOT NULL DEFAULT 'all';
ALTER TABLE users ADD COLUMN notify_previews INTEGER NOT NULL DEFAULT 1;
-- Per room: NULL follows the account default; muted_until (epoch ms) silences the room until then.
ALTER TABLE members ADD COLUMN notify_level TEXT;
ALTER TABLE members ADD COLUMN muted_until BIGINT;

-- Where a session's device can be woken: a Web Push subscription (kind 'webpush': address is the
-- endpoint URL, p256dh and auth its keys) or a push-gateway device (kind 'gateway': address is the
-- pushkey, app_id the app). A session's targets stop receiving when the session ends.
CREATE TABLE push_targets (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id),
    session_id BIGINT  NOT NULL REFERENCES sessions (id),
    kind       TEXT    NOT NULL,
    app_id     TEXT    NOT NULL DEFAULT '',
    address    TEXT    NOT NULL,
    p256dh     TEXT,
    auth       TEXT,
    data       TEXT,
    created_at BIGINT  NOT NULL,
    UNIQUE (kind, app_id, address)
);
CREATE INDEX push_targets_by_user ON push_targets (user_id);

-- Pushes planned and not yet accepted by the push service: one row per target and notification.
CREATE TABLE push_outbox (
    id         BIGSERIAL PRIMARY KEY,
    target_id  BIGINT  NOT NULL REFERENCES push_targets (id) ON DELETE CASCADE,
    payload    TEXT    NOT NULL,
    topic      TEXT,
    urgency    TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX push_outbox_due ON push_outbox (next_at);
CREATE INDEX push_outbox_by_target ON push_outbox (target_id);

-- The newest seq a push announced per (user, room), so a read past it sends a "clear" push.
CREATE TABLE push_badges (
    user_id BIGINT  NOT NULL REFERENCES users (id),
    room_id BIGINT  NOT NULL REFERENCES rooms (id),
    seq     BIGINT  NOT NULL,
    PRIMARY KEY (user_id, room_id)
);

-- How far along the stream pushes were planned: the planner resumes here after a restart. Starts
-- at the current position, so an upgraded server does not push its history.
CREATE TABLE push_progress (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    pos BIGINT NOT NULL
);
INSERT INTO push_progress (id, pos) SELECT 1, pos FROM stream;

-- Server-wide secrets generated at first start (the VAPID key pair).
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
