package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The chat list, most recent activity first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatList(List<ChatListEntry> rooms, long totalUnread) {
    public ChatList {
        rooms = Json.immutable(rooms);
    }
}
