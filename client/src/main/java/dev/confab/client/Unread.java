package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

@JsonIgnoreProperties(ignoreUnknown = true)
public record Unread(long total, List<RoomUnread> rooms) {
    public Unread {
        rooms = Json.immutable(rooms);
    }
}
