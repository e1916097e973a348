package dev.confab.inbox;

import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;

/** One change in the stream a device catches up on, ordered by {@link #pos()}. */
public sealed interface SyncEvent {
    long pos();

    record MessageEvent(Message message) implements SyncEvent {
        public long pos() {
            return message.id();
        }
    }

    record ReceiptEvent(Receipt receipt) implements SyncEvent {
        public long pos() {
            return receipt.pos();
        }
    }

    /** An edit or a reaction to a message, replayed after the message it changes. */
    record ChangeEvent(MessageChange change) implements SyncEvent {
        public long pos() {
            return change.pos();
        }
    }
}
