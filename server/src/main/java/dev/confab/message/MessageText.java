package dev.confab.message;

/** The words of a body: what previews show, search indexes and resends compare. */
public final class MessageText {
    private MessageText() {}

    /** The text of a post (a caption, for media); null for tombstones and room events. */
    public static String of(Body body) {
        return switch (body) {
            case Body.Text t -> t.text();
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
    }
}
