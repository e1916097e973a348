package dev.confab.gateway;

import dev.confab.fanout.Fanout;
import dev.confab.fanout.RoomAudience;
import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvents;
import dev.confab.wire.Frames;
import dev.confab.wire.Json;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/** Turns committed room changes into frames, encoded once, for every member's connected devices. */
public final class EventPublisher implements RoomEvents {
    private final Fanout fanout;
    private final RoomAudience audience;
    private final RoomAudience cursorObservers;

    /**
     * @param audience        the active members of each room
     * @param cursorObservers the active members of each room who see everyone's cursors (in a
     *                        channel only those allowed to see its readers, so a reader's read is not
     *                        a broadcast to the whole channel)
     */
    public EventPublisher(Fanout fanout, RoomAudience audience, RoomAudience cursorObservers) {
        this.fanout = fanout;
        this.audience = audience;
        this.cursorObservers = cursorObservers;
    }

    @Override
    public void messagePosted(Message message, long originConnection) {
        fanout.publish(audience.of(message.roomId()), Json.write(new Frames.NewMessage(message)), originConnection);
    }

    @Override
    public void cursorMoved(Receipt receipt, long originConnection) {
        fanout.publish(with(cursorObservers.of(receipt.roomId()), receipt.userId()), Json.write(new Frames.ReceiptMoved(receipt)), originConnection);
    }

    @Override
    public void messageChanged(MessageChange change, long originConnection) {
        fanout.publish(audience.of(change.roomId()), Json.write(Frames.Change.of(change)), originConnection);
    }

    @Override
    public void roomChanged(List<Message> events, long... alsoNotify) {
        events.stream().mapToLong(Message::roomId).distinct().forEach(room -> {
            audience.invalidate(room);
            cursorObservers.invalidate(room);
        });
        for (Message m : events) {
            long[] members = audience.of(m.roomId());
            long[] to = alsoNotify.length == 0 ? members : LongStream.concat(LongStream.of(members), LongStream.of(alsoNotify)).sorted().distinct().toArray();
            fanout.publish(to, Json.write(new Frames.NewMessage(m)), 0);
        }
    }

    /** {@code ids} (ascending, as audiences are) with {@code user} added in its place. */
    private static long[] with(long[] ids, long user) {
        int at = Arrays.binarySearch(ids, user);
        if (at >= 0) return ids;
        int insert = -at - 1;
        long[] out = new long[ids.length + 1];
        System.arraycopy(ids, 0, out, 0, insert);
        out[insert] = user;
        System.arraycopy(ids, insert, out, insert + 1, ids.length - insert);
        return out;
    }
}
