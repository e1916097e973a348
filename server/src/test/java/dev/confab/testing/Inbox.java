package dev.confab.testing;

import dev.confab.client.CloseInfo;
import dev.confab.client.Message;
import dev.confab.client.Receipt;
import dev.confab.client.SocketListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A socket listener that records what arrived live, for assertions. */
public final class Inbox implements SocketListener {
    public final List<Message> messages = new CopyOnWriteArrayList<>();
    public final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    public final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();

    @Override
    public void onMessage(Message message) {
        messages.add(message);
    }

    @Override
    public void onReceipt(Receipt receipt) {
        receipts.add(receipt);
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
