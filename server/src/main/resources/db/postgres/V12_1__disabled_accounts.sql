-- An operator can disable an account (./confab admin users disable): it cannot log in and its
-- sessions are revoked. Deleting an account disables it and erases its profile; its messages stay.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
