-- @mentions: the seq of the newest message that mentions the member, so the chat list can flag
-- unread mentions (mention_seq > read_seq) without reading messages.
ALTER TABLE members ADD COLUMN mention_seq INTEGER NOT NULL DEFAULT 0;
