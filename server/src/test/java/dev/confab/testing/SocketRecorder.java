package dev.confab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.CloseInfo;
import dev.confab.client.Message;
import dev.confab.client.Receipt;
import dev.confab.client.SocketListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A socket listener that records what arrived live, for assertions. */
public final class SocketRecorder implements SocketListener {
    public final List<Message> messages = new CopyOnWriteArrayList<>();
    public final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    public final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    public final List<dev.confab.client.Typing> typing = new CopyOnWriteArrayList<>();
    public final List<dev.confab.client.PresenceChange> presence = new CopyOnWriteArrayList<>();
    public final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    public final List<dev.confab.client.Edit> edits = new CopyOnWriteArrayList<>();
    public final List<dev.confab.client.ReactionChange> reactions = new CopyOnWriteArrayList<>();

    @Override
    public void onFrame(JsonNode frame) {
        frames.add(frame);
    }

    /** The frame whose {@code ref} is {@code ref}, waiting for it up to five seconds; null if none came. */
    public JsonNode reply(String ref) {
        await(
                Duration.ofSeconds(5),
                () -> frames.stream().anyMatch(f -> ref.equals(f.path("ref").asText(null))));
        return frames.stream()
                .filter(f -> ref.equals(f.path("ref").asText(null)))
                .findFirst()
                .orElse(null);
    }

    @Override
    public void onMessage(Message message) {
        messages.add(message);
    }

    @Override
    public void onReceipt(Receipt receipt) {
        receipts.add(receipt);
    }

    @Override
    public void onEdit(dev.confab.client.Edit e) {
        edits.add(e);
    }

    @Override
    public void onReaction(dev.confab.client.ReactionChange r) {
        reactions.add(r);
    }

    @Override
    public void onTyping(dev.confab.client.Typing t) {
        typing.add(t);
    }

    @Override
    public void onPresence(dev.confab.client.PresenceChange p) {
        presence.add(p);
    }

    @Override
    public void onClose(CloseInfo info) {
        closed.complete(info);
    }

    public List<Message> texts() {
        return messages.stream().filter(m -> "text".equals(m.kind())).toList();
    }

    /** Polls until the condition holds or the timeout passes; the caller asserts on the result. */
    public static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
