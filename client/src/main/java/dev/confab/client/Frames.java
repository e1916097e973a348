package dev.confab.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the client-to-server frames of the protocol (without {@code ref}). */
final class Frames {
    private Frames() {}

    static ObjectNode send(long roomId, String clientId, String text) {
        return Json.frame("send")
                .put("roomId", roomId)
                .put("clientId", clientId)
                .put("text", text);
    }

    static ObjectNode reply(long roomId, String clientId, String text, long replyTo) {
        return send(roomId, clientId, text).put("replyTo", replyTo);
    }

    static ObjectNode forward(long roomId, String clientId, long fromRoomId, long fromSeq) {
        ObjectNode frame = Json.frame("send").put("roomId", roomId).put("clientId", clientId);
        frame.putObject("forward").put("roomId", fromRoomId).put("seq", fromSeq);
        return frame;
    }

    static ObjectNode edit(long roomId, long seq, String text) {
        return Json.frame("edit").put("roomId", roomId).put("seq", seq).put("text", text);
    }

    static ObjectNode react(long roomId, long seq, String emoji, boolean add) {
        return Json.frame("react")
                .put("roomId", roomId)
                .put("seq", seq)
                .put("emoji", emoji)
                .put("add", add);
    }

    /** An image, video, audio or file message showing one of my uploads; {@code caption} may be null. */
    static ObjectNode sendMedia(long roomId, String clientId, long mediaId, String caption) {
        ObjectNode f = Json.frame("send")
                .put("roomId", roomId)
                .put("clientId", clientId)
                .put("mediaId", mediaId);
        if (caption != null) {
            f.put("text", caption);
        }
        return f;
    }

    static ObjectNode received(long roomId, long seq) {
        return Json.frame("received").put("roomId", roomId).put("seq", seq);
    }

    static ObjectNode read(long roomId, long seq) {
        return Json.frame("read").put("roomId", roomId).put("seq", seq);
    }

    static ObjectNode sync(long since, int limit) {
        return Json.frame("sync").put("since", since).put("limit", limit);
    }

    static ObjectNode history(long roomId, Long before, Long after, int limit) {
        ObjectNode frame = Json.frame("history").put("roomId", roomId);
        if (before != null) {
            frame.put("before", before);
        }
        if (after != null) {
            frame.put("after", after);
        }
        return frame.put("limit", limit);
    }

    static ObjectNode typing(long roomId, boolean active) {
        return Json.frame("typing").put("roomId", roomId).put("active", active);
    }

    static ObjectNode ping() {
        return Json.frame("ping");
    }
}
