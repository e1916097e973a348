package dev.confab.message;

import dev.confab.error.ErrorCode;
import dev.confab.room.Action;
import dev.confab.room.Permissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules every write of the group commit must pass (membership, permission, block, mentions,
 * what may be replied to, forwarded, edited or reacted to), applied against the commit
 * transaction, so a write is checked and applied as one step.
 */
public final class MessageRules implements CommitQueue.Committer {
    private final MessageStore store;
    /** How long after sending a message may still be edited; null for no limit. */
    private final Duration editWindow;

    public MessageRules(MessageStore store, Duration editWindow) {
        this.store = store;
        this.editWindow = editWindow == null || editWindow.isZero() || editWindow.isNegative() ? null : editWindow;
    }

    public MessageRules(MessageStore store) {
        this(store, null);
    }

    @Override
    public List<Outcome> commit(List<Write> writes, Instant now) {
        return store.write(now, tx -> {
            tx.prefetch(writes);
            // a member's receipt is announced once per batch, however many of its writes moved it
            Set<MemberCursor> announced = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Supplier<Outcome>> outcomes = new ArrayList<>(writes.size());
            for (Write write : writes) {
                switch (write) {
                    case Write.CursorMove c -> outcomes.add(moveCursor(tx, c, announced));
                    case Write.Post p -> outcomes.add(announced(post(tx, p), tx, announced));
                    case Write.Forward f -> outcomes.add(announced(forward(tx, f), tx, announced));
                    case Write.Edit e -> outcomes.add(constant(edit(tx, e)));
                    case Write.React r -> outcomes.add(constant(react(tx, r)));
                }
            }
            return () -> outcomes.stream().map(Supplier::get).toList();
        });
    }

    private static Supplier<Outcome> constant(Outcome o) {
        return () -> o;
    }

    /**
     * A new post carries the sender's cursors (moved to it by the append) when it is the batch's
     * first write to move them: one receipt per cursor and batch. Their position is final only
     * once the transaction's rows are written, so the outcome is read afterwards.
     */
    private static Supplier<Outcome> announced(Outcome o, CommitTx tx, Set<MemberCursor> announced) {
        if (!(o instanceof Outcome.Posted p) || p.duplicate()) return constant(o);
        MemberCursor sender = tx.member(p.message().roomId(), p.message().senderId()).orElseThrow();
        boolean announce = announced.add(sender);
        return () -> new Outcome.Posted(p.message(), false, announce ? sender.receipt() : null);
    }

    private static Outcome post(CommitTx tx, Write.Post p) {
        Optional<Outcome> resend = resend(tx, p.roomId(), p.senderId(), p.clientId(), p.text());
        if (resend.isPresent()) return resend.get();
        Optional<MemberCursor> sender = tx.member(p.roomId(), p.senderId());
        Optional<Outcome.Rejected> refused = mayPost(tx, p.roomId(), sender);
        if (refused.isPresent()) return refused.get();
        Body.Annotations annotations = Body.Annotations.NONE;
        if (p.replyTo() != null) {
            Optional<Message> quoted = tx.readable(p.roomId(), p.senderId(), p.replyTo());
            if (quoted.isEmpty()) return new Outcome.Rejected(ErrorCode.MESSAGE_NOT_FOUND, "The message you reply to is not in this room.");
            Optional<String> text = postedText(quoted.get());
            if (text.isEmpty()) return new Outcome.Rejected(ErrorCode.INVALID_FIELD, "Only messages people posted can be replied to.");
            Message q = quoted.get();
            annotations = annotations.withReplyTo(new Body.Reply(q.id(), q.seq(), q.senderId(), Body.Reply.preview(text.get()), false));
        }
        Set<String> names = Mentions.usernames(p.text());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(p.roomId(), names, p.senderId());
        return append(tx, sender.get(), p.clientId(), new Body.Text(p.text(), annotations.withMentions(mentioned)), mentioned);
    }

    /**
     * A copy into another room, marked with the original's sender and time and nothing of the room
     * it came from. A forward of a forward keeps the first author. Mentions in the copied text
     * notify nobody: the forwarder did not write them.
     */
    private static Outcome forward(CommitTx tx, Write.Forward f) {
        Optional<Message> source = tx.readable(f.fromRoomId(), f.senderId(), f.fromSeq());
        if (source.isEmpty()) {
            boolean member = tx.member(f.fromRoomId(), f.senderId()).isPresent();
            return new Outcome.Rejected(member ? ErrorCode.MESSAGE_NOT_FOUND : ErrorCode.ROOM_NOT_FOUND);
        }
        Message s = source.get();
        Body copy = switch (s.body()) {
            case Body.Text t -> new Body.Text(t.text(), Body.Annotations.NONE.withForwarded(t.annotations().forwarded() != null
                    ? t.annotations().forwarded() : new Body.Forward(s.senderId(), tx.displayName(s.senderId()), s.createdAt())));
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
        if (copy == null) return new Outcome.Rejected(ErrorCode.INVALID_FIELD, "Only messages people posted can be forwarded.");
        Optional<Outcome> resend = resend(tx, f.roomId(), f.senderId(), f.clientId(), MessageText.of(copy));
        if (resend.isPresent()) return resend.get();
        Optional<MemberCursor> sender = tx.member(f.roomId(), f.senderId());
        Optional<Outcome.Rejected> refused = mayPost(tx, f.roomId(), sender);
        if (refused.isPresent()) return refused.get();
        return append(tx, sender.get(), f.clientId(), copy, List.of());
    }

    /**
     * The sender's own text, while they may still post in the room. Mentions are evaluated again:
     * a member newly mentioned gets the mention flag if they have not read the message yet. The
     * room's seq does not move, so nobody's unread count changes.
     */
    private Outcome edit(CommitTx tx, Write.Edit e) {
        Optional<MemberCursor> editor = tx.member(e.roomId(), e.editorId());
        Optional<Outcome.Rejected> refused = mayPost(tx, e.roomId(), editor);
        if (refused.isPresent() && refused.get().code() != ErrorCode.FORBIDDEN) return refused.get();
        Optional<Message> found = tx.readable(e.roomId(), e.editorId(), e.seq());
        if (found.isEmpty()) return new Outcome.Rejected(ErrorCode.MESSAGE_NOT_FOUND);
        Message m = found.get();
        if (m.senderId() != e.editorId()) return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only the sender can edit a message.");
        if (refused.isPresent()) return refused.get();
        Body.Text old = switch (m.body()) {
            case Body.Text t -> t;
            case Body.Deleted d -> null;
            case RoomEvent ev -> null;
        };
        if (old == null) return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only text messages can be edited.");
        if (old.annotations().forwarded() != null) return new Outcome.Rejected(ErrorCode.FORBIDDEN, "A forwarded message cannot be edited.");
        if (editWindow != null && tx.now().isAfter(m.createdAt().plus(editWindow))) {
            return new Outcome.Rejected(ErrorCode.EDIT_WINDOW_CLOSED,
                    "Messages can be edited for " + editWindow.toMinutes() + " minutes after they were sent.");
        }
        if (old.text().equals(e.text())) return new Outcome.Changed(m, null);
        Set<String> names = Mentions.usernames(e.text());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(e.roomId(), names, e.editorId());
        Body.Text edited = new Body.Text(e.text(), old.annotations().withMentions(mentioned).withEditedAt(tx.now()));
        MessageChange.Edited change = tx.edit(m, e.editorId(), edited);
        for (long u : mentioned) if (!old.annotations().mentions().contains(u)) tx.mention(e.roomId(), u, m.seq());
        return new Outcome.Changed(m.withBody(edited), change);
    }

    /** Any active member who can read the message; reactions never move a seq, so they are never unread. */
    private static Outcome react(CommitTx tx, Write.React r) {
        Optional<MemberCursor> member = tx.member(r.roomId(), r.userId());
        if (member.isEmpty() || !member.get().active()) return new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
        if (tx.blocked(r.roomId())) return new Outcome.Rejected(ErrorCode.BLOCKED);
        Optional<Message> found = tx.readable(r.roomId(), r.userId(), r.seq());
        if (found.isEmpty()) return new Outcome.Rejected(ErrorCode.MESSAGE_NOT_FOUND);
        if (postedText(found.get()).isEmpty()) return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only messages people posted take reactions.");
        return new Outcome.Changed(found.get(), tx.react(found.get(), r.userId(), r.emoji(), r.add()).orElse(null));
    }

    /** A resend of a (sender, clientId) already stored: the original when it is the same message, else a conflict. */
    private static Optional<Outcome> resend(CommitTx tx, long roomId, long senderId, String clientId, String text) {
        return tx.byClientId(senderId, clientId).map(m -> m.roomId() == roomId && text != null && text.equals(MessageText.of(m.body()))
                ? new Outcome.Posted(m, true) : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT));
    }

    private static Optional<Outcome.Rejected> mayPost(CommitTx tx, long roomId, Optional<MemberCursor> sender) {
        if (sender.isEmpty() || !sender.get().active()) return Optional.of(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
        if (!Permissions.allows(tx.roomKind(roomId), sender.get().role(), Action.POST)) return Optional.of(new Outcome.Rejected(ErrorCode.FORBIDDEN));
        if (tx.blocked(roomId)) return Optional.of(new Outcome.Rejected(ErrorCode.BLOCKED));
        return Optional.empty();
    }

    private static Outcome append(CommitTx tx, MemberCursor sender, String clientId, Body body, List<Long> mentioned) {
        Message m = tx.append(sender.roomId(), sender.userId(), clientId, body); // moves the sender's cursors to it
        for (long u : mentioned) tx.mention(sender.roomId(), u, m.seq());
        return new Outcome.Posted(m, false);
    }

    /** The text of a message a person posted (what replies quote and reactions attach to); empty for tombstones and room events. */
    private static Optional<String> postedText(Message m) {
        return Optional.ofNullable(MessageText.of(m.body()));
    }

    /** The receipt's stream position is assigned when the transaction's rows are written, so it is read afterwards. */
    private static Supplier<Outcome> moveCursor(CommitTx tx, Write.CursorMove c, Set<MemberCursor> announced) {
        Optional<MemberCursor> cursor = tx.member(c.roomId(), c.userId());
        // A former member keeps reading their window but changes nothing, their cursors included.
        if (cursor.isEmpty() || !cursor.get().active()) return constant(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
        boolean changed = tx.advance(cursor.get(), c.delivered(), c.read());
        boolean announce = changed && announced.add(cursor.get());
        return () -> new Outcome.Moved(cursor.get().receipt(), announce);
    }
}
