package dev.confab.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confab.account.User;
import dev.confab.error.ConfabException;
import dev.confab.inbox.InboxStore;
import dev.confab.inbox.SyncEvent;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.ReactionCount;
import dev.confab.message.Receipt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Server-to-client socket frames (docs/protocol.md). Records serialize with {@code type} first. */
public final class Frames {
    private Frames() {}

    @JsonPropertyOrder({"type"})
    public record Hello(String type, User user, long sessionId, long pos) {
        public Hello(User user, long sessionId, long pos) {
            this("hello", user, sessionId, pos);
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Sent(String type, String ref, boolean duplicate, Message message) {
        public Sent(String ref, boolean duplicate, Message message) {
            this("sent", ref, duplicate, message);
        }
    }

    @JsonPropertyOrder({"type"})
    public record NewMessage(String type, Message message) {
        public NewMessage(Message message) {
            this("message", message);
        }
    }

    @JsonPropertyOrder({"type"})
    public record ReceiptMoved(String type, Receipt receipt) {
        public ReceiptMoved(Receipt receipt) {
            this("receipt", receipt);
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Cursor(String type, String ref, Receipt receipt) {
        public Cursor(String ref, Receipt receipt) {
            this("cursor", ref, receipt);
        }
    }

    /** One event of a sync batch: {@code type} names the one of message, receipt, edit and reaction that is set. */
    @JsonPropertyOrder({"type"})
    public record Event(String type, Message message, Receipt receipt, EditView edit, MessageChange.Reacted reaction) {
        static Event of(SyncEvent e) {
            return switch (e) {
                case SyncEvent.MessageEvent m -> new Event("message", m.message(), null, null, null);
                case SyncEvent.ReceiptEvent r -> new Event("receipt", null, r.receipt(), null, null);
                case SyncEvent.ChangeEvent c ->
                    switch (c.change()) {
                        case MessageChange.Edited ed -> new Event("edit", null, null, EditView.of(ed), null);
                        case MessageChange.Reacted re -> new Event("reaction", null, null, null, re);
                    };
            };
        }
    }

    /** An edit as clients see it: the message's new kind, text and data, and when it was edited. */
    public record EditView(
            long pos,
            long roomId,
            long seq,
            long messageId,
            long editorId,
            String kind,
            String text,
            ObjectNode data,
            Instant editedAt) {
        static EditView of(MessageChange.Edited e) {
            return new EditView(
                    e.pos(),
                    e.roomId(),
                    e.seq(),
                    e.messageId(),
                    e.editorId(),
                    e.body().kind(),
                    MessageData.text(e.body()),
                    MessageData.node(e.body()),
                    e.editedAt());
        }
    }

    /** A live edit or reaction, the same shape as its sync event: {@code {"type":"edit","edit":{...}}} or {@code {"type":"reaction","reaction":{...}}}. */
    @JsonPropertyOrder({"type"})
    public record Change(String type, EditView edit, MessageChange.Reacted reaction) {
        public static Change of(MessageChange c) {
            return switch (c) {
                case MessageChange.Edited e -> new Change("edit", EditView.of(e), null);
                case MessageChange.Reacted r -> new Change("reaction", null, r);
            };
        }
    }

    /** Reply to {@code edit}: the message as it now stands. */
    @JsonPropertyOrder({"type", "ref"})
    public record Edited(String type, String ref, Message message) {
        public Edited(String ref, Message message) {
            this("edited", ref, message);
        }
    }

    /** Reply to {@code react}: {@code reaction} is absent when nothing changed (already there, or already gone). */
    @JsonPropertyOrder({"type", "ref"})
    public record Reacted(String type, String ref, boolean changed, MessageChange.Reacted reaction) {
        public Reacted(String ref, MessageChange.Reacted reaction) {
            this("reacted", ref, reaction != null, reaction);
        }
    }

    /** A message with its reactions, as history shows it. */
    public record MessageView(Message message, List<ReactionCount> reactions) {
        public static List<MessageView> of(List<Message> messages, Map<Long, List<ReactionCount>> reactions) {
            return messages.stream()
                    .map(m -> new MessageView(m, reactions.getOrDefault(m.id(), List.of())))
                    .toList();
        }
    }

    /** The body of a history answer, the same over REST and socket. */
    public record HistoryBody(List<MessageView> messages, boolean more) {
        public static HistoryBody of(dev.confab.message.Messaging.Page page) {
            return new HistoryBody(MessageView.of(page.messages(), page.reactions()), page.more());
        }
    }

    /** The body of a sync answer, the same over REST and socket. */
    public record SyncBody(List<Event> events, long next, boolean more) {
        public static SyncBody of(InboxStore.SyncBatch b) {
            return new SyncBody(b.events().stream().map(Event::of).toList(), b.next(), b.more());
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Sync(String type, String ref, List<Event> events, long next, boolean more) {
        public Sync(String ref, SyncBody body) {
            this("sync", ref, body.events(), body.next(), body.more());
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record History(String type, String ref, List<MessageView> messages, boolean more) {
        public History(String ref, HistoryBody body) {
            this("history", ref, body.messages(), body.more());
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Pong(String type, String ref) {
        public Pong(String ref) {
            this("pong", ref);
        }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Error(String type, String ref, String code, String message, Long retryAfterMs) {
        public static Error of(String ref, ConfabException e) {
            return new Error("error", ref, e.code().wire(), e.getMessage(), e.retryAfterMs());
        }
    }
}
