package dev.confab.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Replies quote what the quoted message says now: an edit shows its new text, a deletion a
 * tombstone. A quoted message outside the reader's history window shows no text at all.
 */
final class Replies {
    private Replies() {}

    /** The messages with every reply's quote refreshed, looking all quoted messages up at once. */
    static List<Message> refreshed(List<Message> messages, Function<Collection<Long>, List<Message>> quotedBySeq) {
        Set<Long> seqs = new LinkedHashSet<>();
        for (Message m : messages) {
            Body.Reply r = replyOf(m);
            if (r != null) seqs.add(r.seq());
        }
        if (seqs.isEmpty()) return messages;
        Map<Long, Message> quoted = new HashMap<>();
        for (Message q : quotedBySeq.apply(seqs)) quoted.put(q.seq(), q);
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            Body.Reply r = replyOf(m);
            Message q = r == null ? null : quoted.get(r.seq());
            if (r == null) out.add(m);
            else out.add(m.withBody(withReply(m.body(), q == null ? unreadable(r) : current(r, q))));
        }
        return out;
    }

    private static Body.Reply current(Body.Reply r, Message q) {
        String text = MessageText.preview(q.body());
        return text == null
                ? new Body.Reply(r.id(), r.seq(), r.senderId(), null, true)
                : new Body.Reply(r.id(), r.seq(), r.senderId(), Body.Reply.preview(text), false);
    }

    private static Body.Reply unreadable(Body.Reply r) {
        return new Body.Reply(r.id(), r.seq(), r.senderId(), null, false);
    }

    private static Body.Reply replyOf(Message m) {
        return switch (m.body()) {
            case Body.Text t -> t.annotations().replyTo();
            case Body.Media md -> md.annotations().replyTo();
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
    }

    private static Body withReply(Body body, Body.Reply reply) {
        return switch (body) {
            case Body.Text t -> new Body.Text(t.text(), t.annotations().withReplyTo(reply));
            case Body.Media md ->
                new Body.Media(md.media(), md.caption(), md.annotations().withReplyTo(reply));
            case Body.Deleted d -> d;
            case RoomEvent e -> e;
        };
    }
}
