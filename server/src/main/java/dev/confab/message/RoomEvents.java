package dev.confab.message;

/**
 * Where committed changes go to reach online devices. The domain says what happened; the gateway
 * decides who is connected and how it is encoded.
 */
public interface RoomEvents {
    /** A new message; {@code originConnection} (0 for none) is the device that sent it and gets no echo. */
    void messagePosted(Message message, long originConnection);

    void cursorMoved(Receipt receipt);

    /** Membership of a room changed: cached audiences must be reloaded. */
    void membershipChanged(long roomId);
}
