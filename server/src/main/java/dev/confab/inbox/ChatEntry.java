package dev.confab.inbox;

import dev.confab.message.Message;
import dev.confab.room.Room;

/** One line of the chat list: the room, its newest message, how many I have not read, and whether one of those mentions me. */
public record ChatEntry(Room room, Message lastMessage, long unread, boolean mentioned) {}
