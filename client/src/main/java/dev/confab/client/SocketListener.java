package dev.confab.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives what arrives on a {@link ChatSocket}. All calls come one at a time on the socket's
 * reading thread, and the socket reads no further frame until a call returns: blocking here stalls
 * the socket (which is how a slow device looks to the server).
 */
public interface SocketListener {
    /** Called once the socket is open, before any frame is delivered. */
    default void onOpen(ChatSocket socket) {}

    /** Every frame, raw, before the calls below. */
    default void onFrame(JsonNode frame) {}

    /** A {@code message} frame: a new message by someone else or by another device. */
    default void onMessage(Message message) {}

    /** A {@code receipt} frame. */
    default void onReceipt(Receipt receipt) {}

    /** An {@code edit} frame: a message in one of my rooms was edited (not by this device). */
    default void onEdit(Edit edit) {}

    /** A {@code reaction} frame: someone (not this device) added or removed a reaction. */
    default void onReaction(ReactionChange reaction) {}

    /** A {@code typing} frame: another member started or stopped typing in one of my rooms. */
    default void onTyping(Typing typing) {}

    /** A {@code presence} frame: someone who shares a room with me came online or went offline. */
    default void onPresence(PresenceChange presence) {}

    /** Called once when the socket has closed, however it closed. */
    default void onClose(CloseInfo info) {}
}
