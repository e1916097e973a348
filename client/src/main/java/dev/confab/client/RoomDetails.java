package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A room with its members (for a channel's readers: only the admins and me) and pinned seqs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RoomDetails(Room room, List<Member> members, List<Long> pinned) {
    public RoomDetails {
        members = Json.immutable(members);
        pinned = Json.immutable(pinned);
    }
}
