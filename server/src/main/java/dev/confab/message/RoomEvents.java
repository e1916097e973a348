package dev.confab.message;

import java.util.List;

/**
 * Where committed changes go to reach online devices. The domain says what happened; the gateway
 * decides who is connected and how it is encoded.
 */
public interface RoomEvents {
    /** A new message; {@code originConnection} (0 for none) is the device that sent it and gets no echo. */
    void messagePosted(Message message, long originConnection);

    /**
     * A member's cursors moved. It reaches the member's own devices (but {@code originConnection},
     * 0 for none) and the members who may see others' cursors there; in a channel those are only
     * the members allowed to see its readers.
     */
    void cursorMoved(Receipt receipt, long originConnection);

    /** An edit or reaction; {@code originConnection} (0 for none) is the device that made it and gets no echo. */
    void messageChanged(MessageChange change, long originConnection);

    /**
     * System messages of a committed room change (membership, roles, info, deletions, pins), in
     * order. Membership may have changed, so cached audiences are reloaded first; {@code alsoNotify}
     * are users who just left the room and still get the event that concerns them.
     */
    void roomChanged(List<Message> events, long... alsoNotify);
}
