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
import java.util.Objects;
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
                    case Write.MediaPost p -> outcomes.add(announced(postMedia(tx, p), tx, announced));
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
        MemberCursor sender =
                tx.member(p.message().roomId(), p.message().senderId()).orElseThrow();
        boolean announce = announced.add(sender);
        return () -> new Outcome.Posted(p.message(), false, announce ? sender.receipt() : null);
    }

    private static Outcome post(CommitTx tx, Write.Post p) {
        Optional<Outcome> resend = resend(tx, p.roomId(), p.senderId(), p.clientId(), new Body.Text(p.text()));
        if (resend.isPresent()) return resend.get();
        Optional<MemberCursor> sender = tx.member(p.roomId(), p.senderId());
        Optional<Outcome.Rejected> refused = mayPost(tx, p.roomId(), sender);
        if (refused.isPresent()) return refused.get();
        Body.Annotations annotations = Body.Annotations.NONE;
        if (p.replyTo() != null) {
            Optional<Message> quoted = tx.readable(p.roomId(), p.senderId(), p.replyTo());
            if (quoted.isEmpty())
                return new Outcome.Rejected(
                        ErrorCode.MESSAGE_NOT_FOUND, "The message you reply to is not in this room.");
            Optional<String> text = postedText(quoted.get());
            if (text.isEmpty())
                return new Outcome.Rejected(ErrorCode.INVALID_FIELD, "Only messages people posted can be replied to.");
            Message q = quoted.get();
            // Where newcomers see no earlier history, a later joiner may read this reply but not what it
            // quotes: the stored quote has no text, and a history page fills it in for readers of the original.
            String preview = tx.hidesEarlierHistory(p.roomId()) ? null : Body.Reply.preview(text.get());
            annotations = annotations.withReplyTo(new Body.Reply(q.id(), q.seq(), q.senderId(), preview, false));
        }
        Set<String> names = Mentions.usernames(p.text());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(p.roomId(), names, p.senderId());
        return append(
                tx,
                sender.get(),
                p.clientId(),
                new Body.Text(p.text(), annotations.withMentions(mentioned)),
                mentioned);
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
            case Body.Text t ->
                new Body.Text(
                        t.text(),
                        Body.Annotations.NONE.withForwarded(
                                t.annotations().forwarded() != null
                                        ? t.annotations().forwarded()
                                        : new Body.Forward(s.senderId(), tx.displayName(s.senderId()), s.createdAt())));
            // the copy shows the same upload (no new blob); the new media_ref lets the target room read it
            case Body.Media m ->
                new Body.Media(
                        m.media(),
                        m.caption(),
                        Body.Annotations.NONE.withForwarded(
                                m.annotations().forwarded() != null
                                        ? m.annotations().forwarded()
                                        : new Body.Forward(s.senderId(), tx.displayName(s.senderId()), s.createdAt())));
            case Body.Deleted d -> null;
            case RoomEvent e -> null;
        };
        if (copy == null)
            return new Outcome.Rejected(ErrorCode.INVALID_FIELD, "Only messages people posted can be forwarded.");
        Optional<Outcome> resend = resend(tx, f.roomId(), f.senderId(), f.clientId(), copy);
        if (resend.isPresent()) return resend.get();
        Optional<MemberCursor> sender = tx.member(f.roomId(), f.senderId());
        Optional<Outcome.Rejected> refused = mayPost(tx, f.roomId(), sender);
        if (refused.isPresent()) return refused.get();
        Outcome posted = append(tx, sender.get(), f.clientId(), copy, List.of());
        if (copy instanceof Body.Media m && posted instanceof Outcome.Posted p)
            tx.attachMedia(m.media().id(), f.roomId(), p.message().seq());
        return posted;
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
        if (m.senderId() != e.editorId())
            return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only the sender can edit a message.");
        if (refused.isPresent()) return refused.get();
        // a media message's caption is its text: editing it changes the caption, never the upload
        Body.Annotations oldAnnotations = switch (m.body()) {
            case Body.Text t -> t.annotations();
            case Body.Media md -> md.annotations();
            case Body.Deleted d -> null;
            case RoomEvent ev -> null;
        };
        if (oldAnnotations == null)
            return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only text and media messages can be edited.");
        if (oldAnnotations.forwarded() != null)
            return new Outcome.Rejected(ErrorCode.FORBIDDEN, "A forwarded message cannot be edited.");
        if (editWindow != null && tx.now().isAfter(m.createdAt().plus(editWindow))) {
            return new Outcome.Rejected(
                    ErrorCode.EDIT_WINDOW_CLOSED,
                    "Messages can be edited for " + editWindow.toMinutes() + " minutes after they were sent.");
        }
        if (e.text().equals(MessageText.of(m.body()))) return new Outcome.Changed(m, null);
        Set<String> names = Mentions.usernames(e.text());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(e.roomId(), names, e.editorId());
        Body.Annotations annotations = oldAnnotations.withMentions(mentioned).withEditedAt(tx.now());
        Body edited = m.body() instanceof Body.Media md
                ? new Body.Media(md.media(), e.text(), annotations)
                : new Body.Text(e.text(), annotations);
        MessageChange.Edited change = tx.edit(m, e.editorId(), edited);
        for (long u : mentioned) if (!oldAnnotations.mentions().contains(u)) tx.mention(e.roomId(), u, m.seq());
        return new Outcome.Changed(m.withBody(edited), change);
    }

    /** Any active member who can read the message; reactions never move a seq, so they are never unread. */
    private static Outcome react(CommitTx tx, Write.React r) {
        Optional<MemberCursor> member = tx.member(r.roomId(), r.userId());
        if (member.isEmpty() || !member.get().active()) return new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
        if (tx.blocked(r.roomId())) return new Outcome.Rejected(ErrorCode.BLOCKED);
        Optional<Message> found = tx.readable(r.roomId(), r.userId(), r.seq());
        if (found.isEmpty()) return new Outcome.Rejected(ErrorCode.MESSAGE_NOT_FOUND);
        if (postedText(found.get()).isEmpty())
            return new Outcome.Rejected(ErrorCode.FORBIDDEN, "Only messages people posted take reactions.");
        return new Outcome.Changed(
                found.get(),
                tx.react(found.get(), r.userId(), r.emoji(), r.add()).orElse(null));
    }

    /** A resend of a (sender, clientId) already stored: the original when it is the same message, else a conflict. */
    private static Optional<Outcome> resend(CommitTx tx, long roomId, long senderId, String clientId, Body body) {
        return tx.byClientId(senderId, clientId)
                .map(m -> m.roomId() == roomId && sameContent(body, m.body())
                        ? new Outcome.Posted(m, true)
                        : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT));
    }

    /** Same words, and for media the same upload: what makes a resend the message already stored. */
    private static boolean sameContent(Body a, Body b) {
        if (a instanceof Body.Media x)
            return b instanceof Body.Media y
                    && x.media().id() == y.media().id()
                    && Objects.equals(x.caption(), y.caption());
        String text = MessageText.of(a);
        return text != null && !(b instanceof Body.Media) && text.equals(MessageText.of(b));
    }

    private static Optional<Outcome.Rejected> mayPost(CommitTx tx, long roomId, Optional<MemberCursor> sender) {
        if (sender.isEmpty() || !sender.get().active())
            return Optional.of(new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND));
        if (!Permissions.allows(tx.roomKind(roomId), sender.get().role(), Action.POST))
            return Optional.of(new Outcome.Rejected(ErrorCode.FORBIDDEN));
        if (tx.blocked(roomId)) return Optional.of(new Outcome.Rejected(ErrorCode.BLOCKED));
        return Optional.empty();
    }

    private static Outcome append(CommitTx tx, MemberCursor sender, String clientId, Body body, List<Long> mentioned) {
        Message m = tx.append(sender.roomId(), sender.userId(), clientId, body); // moves the sender's cursors to it
        for (long u : mentioned) tx.mention(sender.roomId(), u, m.seq());
        return new Outcome.Posted(m, false);
    }

    /** What replies quote of a message a person posted ("[image] caption" for media); empty for tombstones and room events. */
    private static Optional<String> postedText(Message m) {
        return Optional.ofNullable(MessageText.preview(m.body()));
    }

    /**
     * A media message: the same rules as text, and the upload must be the sender's own (anyone
     * else's is {@code media_not_found}, exactly as a missing one), so nobody can show others an
     * upload they could not read themselves.
     */
    private static Outcome postMedia(CommitTx tx, Write.MediaPost p) {
        Optional<Message> earlier = tx.byClientId(p.senderId(), p.clientId());
        if (earlier.isPresent()) {
            Message m = earlier.get();
            boolean same = m.roomId() == p.roomId()
                    && m.body() instanceof Body.Media b
                    && b.media().id() == p.mediaId()
                    && Objects.equals(b.caption(), p.caption());
            return same ? new Outcome.Posted(m, true) : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT);
        }
        Optional<MemberCursor> sender = tx.member(p.roomId(), p.senderId());
        Optional<Outcome.Rejected> refused = mayPost(tx, p.roomId(), sender);
        if (refused.isPresent()) return refused.get();
        Optional<Body.Attachment> upload = tx.ownUpload(p.mediaId(), p.senderId());
        if (upload.isEmpty()) return new Outcome.Rejected(ErrorCode.MEDIA_NOT_FOUND);
        Set<String> names = p.caption() == null ? Set.of() : Mentions.usernames(p.caption());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(p.roomId(), names, p.senderId());
        Body body = new Body.Media(upload.get(), p.caption(), Body.Annotations.NONE.withMentions(mentioned));
        Outcome posted = append(tx, sender.get(), p.clientId(), body, mentioned);
        if (posted instanceof Outcome.Posted done)
            tx.attachMedia(p.mediaId(), p.roomId(), done.message().seq());
        return posted;
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
