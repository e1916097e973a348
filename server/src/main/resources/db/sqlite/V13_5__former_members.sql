-- What a former member still sees of a room is their window: its info as it was when their
-- membership ended (a later rename is not theirs to see), kept with the membership when it ends.
ALTER TABLE members ADD COLUMN left_name TEXT;
ALTER TABLE members ADD COLUMN left_description TEXT;
ALTER TABLE members ADD COLUMN left_visibility TEXT;
ALTER TABLE members ADD COLUMN left_history TEXT;
ALTER TABLE members ADD COLUMN left_member_count INTEGER;
-- Memberships that ended before this migration: the room as it is now is the best there is.
UPDATE members SET left_name = (SELECT name FROM rooms r WHERE r.id = members.room_id),
                   left_description = (SELECT description FROM rooms r WHERE r.id = members.room_id),
                   left_visibility = (SELECT visibility FROM rooms r WHERE r.id = members.room_id),
                   left_history = (SELECT history FROM rooms r WHERE r.id = members.room_id),
                   left_member_count = (SELECT member_count FROM rooms r WHERE r.id = members.room_id)
WHERE left_seq IS NOT NULL;
