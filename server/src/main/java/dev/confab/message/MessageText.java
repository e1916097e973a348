package dev.confab.message;

/** The words of a body: what previews show, search indexes and resends compare. */
public final class MessageText {
    private MessageText() {}

    /** The text of a post (a caption, for media); null for tombstones and room events. */
    public static String of(Body body) {
        return switch (body) {
            case Body.Text t -> t.text();
            case Body.Media m -> m.caption();
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
    }

    /** What a reply shows of a post: its text, or "[image] caption" (just "[image]" uncaptioned) for media; null otherwise. */
    public static String preview(Body body) {
        if (body instanceof Body.Media m)
            return "[" + m.kind() + "]" + (m.caption() == null || m.caption().isEmpty() ? "" : " " + m.caption());
        return of(body);
    }
}
