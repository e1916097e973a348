package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of the chat list; {@code lastMessage} is null for a room without messages, and
 * {@code mentioned} says whether an unread message mentions me.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatListEntry(Room room, Message lastMessage, long unread, boolean mentioned) {}
