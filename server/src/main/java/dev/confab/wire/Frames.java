package dev.confab.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confab.account.User;
import dev.confab.error.ConfabException;
import dev.confab.inbox.InboxStore;
import dev.confab.inbox.SyncEvent;
import dev.confab.message.Message;
import dev.confab.message.Receipt;
import java.util.List;

/** Server-to-client socket frames (docs/protocol.md). Records serialize with {@code type} first. */
public final class Frames {
    private Frames() {}

    @JsonPropertyOrder({"type"})
    public record Hello(String type, User user, long sessionId, long pos) {
        public Hello(User user, long sessionId, long pos) { this("hello", user, sessionId, pos); }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Sent(String type, String ref, boolean duplicate, Message message) {
        public Sent(String ref, boolean duplicate, Message message) { this("sent", ref, duplicate, message); }
    }

    @JsonPropertyOrder({"type"})
    public record NewMessage(String type, Message message) {
        public NewMessage(Message message) { this("message", message); }
    }

    @JsonPropertyOrder({"type"})
    public record ReceiptMoved(String type, Receipt receipt) {
        public ReceiptMoved(Receipt receipt) { this("receipt", receipt); }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Cursor(String type, String ref, Receipt receipt) {
        public Cursor(String ref, Receipt receipt) { this("cursor", ref, receipt); }
    }

    /** One event of a sync batch: exactly one of message and receipt is set. */
    @JsonPropertyOrder({"type"})
    public record Event(String type, Message message, Receipt receipt) {
        static Event of(SyncEvent e) {
            return switch (e) {
                case SyncEvent.MessageEvent m -> new Event("message", m.message(), null);
                case SyncEvent.ReceiptEvent r -> new Event("receipt", null, r.receipt());
            };
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
        public Sync(String ref, SyncBody body) { this("sync", ref, body.events(), body.next(), body.more()); }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record History(String type, String ref, List<Message> messages, boolean more) {
        public History(String ref, List<Message> messages, boolean more) { this("history", ref, messages, more); }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Pong(String type, String ref) {
        public Pong(String ref) { this("pong", ref); }
    }

    @JsonPropertyOrder({"type", "ref"})
    public record Error(String type, String ref, String code, String message, Long retryAfterMs) {
        public static Error of(String ref, ConfabException e) {
            return new Error("error", ref, e.code().wire(), e.getMessage(), e.retryAfterMs());
        }
    }
}
