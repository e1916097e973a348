package dev.confab.gateway;

import dev.confab.fanout.Envelope;
import dev.confab.fanout.Fanout;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvents;
import dev.confab.wire.Frames;
import dev.confab.wire.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns committed room changes into frames, encoded once, addressed to the room: each node resolves
 * the members connected to it (for cursors, the members who may see them; {@link dev.confab.fanout.NodeDelivery}).
 */
public final class EventPublisher implements RoomEvents {
    private static final long[] NONE = new long[0];
    private final Fanout fanout;

    public EventPublisher(Fanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public void messagePosted(Message message, long originConnection) {
        fanout.publish(Envelope.roomEvent(
                message.roomId(),
                message.id(),
                Json.write(new Frames.NewMessage(message)),
                originConnection,
                false,
                NONE));
    }

    @Override
    public void cursorMoved(Receipt receipt, long originConnection) {
        fanout.publish(Envelope.receipt(
                receipt.roomId(),
                receipt.pos(),
                receipt.userId(),
                Json.write(new Frames.ReceiptMoved(receipt)),
                originConnection));
    }

    @Override
    public void messageChanged(MessageChange change, long originConnection) {
        // Like a receipt, a change has its own stream position; a node that misses it on the bus gets it by sync.
        fanout.publish(Envelope.roomEvent(
                change.roomId(), change.pos(), Json.write(Frames.Change.of(change)), originConnection, false, NONE));
    }

    @Override
    public void roomChanged(List<Message> events, long... alsoNotify) {
        long[] also = alsoNotify.length == 0
                ? NONE
                : java.util.Arrays.stream(alsoNotify).sorted().distinct().toArray();
        // Membership may have changed: the first event of each room makes every node reload that room's audience.
        Set<Long> reloaded = new HashSet<>();
        for (Message m : events) {
            fanout.publish(Envelope.roomEvent(
                    m.roomId(), m.id(), Json.write(new Frames.NewMessage(m)), 0, reloaded.add(m.roomId()), also));
        }
    }

    /**
     * A message found again in the store by a node that missed it on the bus. Only a system message (a
     * room event) may change membership; for one, the node reloads the room's audience first.
     */
    public static Envelope replayed(Message m) {
        return Envelope.roomEvent(
                m.roomId(),
                m.id(),
                Json.write(new Frames.NewMessage(m)),
                0,
                m.body() instanceof dev.confab.message.RoomEvent,
                NONE);
    }
}
