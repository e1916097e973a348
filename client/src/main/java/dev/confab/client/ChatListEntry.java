package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One row of the chat list; {@code lastMessage} is null for a room without messages. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatListEntry(Room room, Message lastMessage, long unread) {}
