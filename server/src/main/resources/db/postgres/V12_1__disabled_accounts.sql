-- An operator can disable an account (./confab admin users disable): it cannot log in and its
-- sessions are revoked. Deleting an account disables it and erases its profile; its messages stay.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;

-- Every node polls for sessions revoked in the last minute (by another node or the admin command
-- line) to close their sockets; only revoked rows are in this index.
CREATE INDEX sessions_by_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
