package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

@JsonIgnoreProperties(ignoreUnknown = true)
public record RoomDetails(Room room, List<Member> members) {
    public RoomDetails {
        members = Json.immutable(members);
    }
}
