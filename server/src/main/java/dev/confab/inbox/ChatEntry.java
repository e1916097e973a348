package dev.confab.inbox;

import dev.confab.message.Message;
import dev.confab.room.Room;

/** One line of the chat list: the room, its newest message and how many I have not read. */
public record ChatEntry(Room room, Message lastMessage, long unread) {}
