package dev.confab.gateway;

import dev.confab.fanout.Fanout;
import dev.confab.fanout.RoomAudience;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvents;
import dev.confab.wire.Frames;
import dev.confab.wire.Json;
import java.util.List;
import java.util.stream.LongStream;

/** Turns committed room changes into frames, encoded once, for every member's connected devices. */
public final class EventPublisher implements RoomEvents {
    private final Fanout fanout;
    private final RoomAudience audience;

    public EventPublisher(Fanout fanout, RoomAudience audience) {
        this.fanout = fanout;
        this.audience = audience;
    }

    @Override
    public void messagePosted(Message message, long originConnection) {
        fanout.publish(audience.of(message.roomId()), Json.write(new Frames.NewMessage(message)), originConnection);
    }

    @Override
    public void cursorMoved(Receipt receipt) {
        fanout.publish(audience.of(receipt.roomId()), Json.write(new Frames.ReceiptMoved(receipt)), 0);
    }

    @Override
    public void messageChanged(MessageChange change, long originConnection) {
        fanout.publish(audience.of(change.roomId()), Json.write(Frames.Change.of(change)), originConnection);
    }

    @Override
    public void roomChanged(List<Message> events, long... alsoNotify) {
        events.stream().mapToLong(Message::roomId).distinct().forEach(audience::invalidate);
        for (Message m : events) {
            long[] members = audience.of(m.roomId());
            long[] to = alsoNotify.length == 0 ? members : LongStream.concat(LongStream.of(members), LongStream.of(alsoNotify)).sorted().distinct().toArray();
            fanout.publish(to, Json.write(new Frames.NewMessage(m)), 0);
        }
    }
}
