package dev.confab.push;

import dev.confab.message.Message;
import dev.confab.message.MessageChange;
import dev.confab.message.Receipt;
import dev.confab.message.RoomEvents;
import java.util.List;

/** Passes committed changes on to live delivery, and wakes the push planner to look at them. */
public final class PlanningEvents implements RoomEvents {
    private final RoomEvents live;
    private final PushPlanner planner;

    public PlanningEvents(RoomEvents live, PushPlanner planner) {
        this.live = live;
        this.planner = planner;
    }

    @Override
    public void messagePosted(Message message, long originConnection) {
        live.messagePosted(message, originConnection);
        planner.wake();
    }

    @Override
    public void cursorMoved(Receipt receipt, long originConnection) {
        live.cursorMoved(receipt, originConnection);
        planner.wake();
    }

    @Override
    public void messageChanged(MessageChange change, long originConnection) {
        live.messageChanged(change, originConnection);
    }

    @Override
    public void roomChanged(List<Message> events, long... alsoNotify) {
        live.roomChanged(events, alsoNotify);
    }
}
