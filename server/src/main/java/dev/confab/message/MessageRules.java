package dev.confab.message;

import dev.confab.error.ErrorCode;
import dev.confab.room.Action;
import dev.confab.room.Permissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules every write of the group commit must pass (membership, permission, block, mentions),
 * applied against the commit transaction, so a write is checked and applied as one step.
 */
public final class MessageRules implements CommitQueue.Committer {
    private final MessageStore store;

    public MessageRules(MessageStore store) {
        this.store = store;
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
                    case Write.Post p -> {
                        Outcome o = post(tx, p);
                        outcomes.add(() -> o);
                    }
                    case Write.MediaPost p -> {
                        Outcome o = postMedia(tx, p);
                        outcomes.add(() -> o);
                    }
                    case Write.CursorMove c -> outcomes.add(moveCursor(tx, c, announced));
                }
            }
            return () -> outcomes.stream().map(Supplier::get).toList();
        });
    }

    private static Outcome post(CommitTx tx, Write.Post p) {
        Optional<Message> earlier = tx.byClientId(p.senderId(), p.clientId());
        if (earlier.isPresent()) {
            Message m = earlier.get();
            boolean same = m.roomId() == p.roomId() && p.text().equals(m.text());
            return same ? new Outcome.Posted(m, true) : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT);
        }
        Optional<MemberCursor> sender = tx.member(p.roomId(), p.senderId());
        if (sender.isEmpty() || !sender.get().active()) return new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
        if (!Permissions.allows(tx.roomKind(p.roomId()), sender.get().role(), Action.POST)) return new Outcome.Rejected(ErrorCode.FORBIDDEN);
        if (tx.blocked(p.roomId())) return new Outcome.Rejected(ErrorCode.BLOCKED);
        Set<String> names = Mentions.usernames(p.text());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(p.roomId(), names, p.senderId());
        Body body = new Body.Text(p.text(), Body.Annotations.NONE.withMentions(mentioned));
        Message m = tx.append(p.roomId(), p.senderId(), p.clientId(), body);
        tx.advance(sender.get(), m.seq(), m.seq());
        for (long u : mentioned) tx.mention(p.roomId(), u, m.seq());
        return new Outcome.Posted(m, false);
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
            boolean same = m.roomId() == p.roomId() && m.body() instanceof Body.Media b && b.media().id() == p.mediaId()
                    && java.util.Objects.equals(b.caption(), p.caption());
            return same ? new Outcome.Posted(m, true) : new Outcome.Rejected(ErrorCode.CLIENT_ID_CONFLICT);
        }
        Optional<MemberCursor> sender = tx.member(p.roomId(), p.senderId());
        if (sender.isEmpty() || !sender.get().active()) return new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
        if (!Permissions.allows(tx.roomKind(p.roomId()), sender.get().role(), Action.POST)) return new Outcome.Rejected(ErrorCode.FORBIDDEN);
        if (tx.blocked(p.roomId())) return new Outcome.Rejected(ErrorCode.BLOCKED);
        Optional<Body.Attachment> upload = tx.ownUpload(p.mediaId(), p.senderId());
        if (upload.isEmpty()) return new Outcome.Rejected(ErrorCode.MEDIA_NOT_FOUND);
        Set<String> names = p.caption() == null ? Set.of() : Mentions.usernames(p.caption());
        List<Long> mentioned = names.isEmpty() ? List.of() : tx.activeMembersNamed(p.roomId(), names, p.senderId());
        Body body = new Body.Media(upload.get(), p.caption(), Body.Annotations.NONE.withMentions(mentioned));
        Message m = tx.append(p.roomId(), p.senderId(), p.clientId(), body);
        tx.attachMedia(p.mediaId(), p.roomId(), m.seq());
        tx.advance(sender.get(), m.seq(), m.seq());
        for (long u : mentioned) tx.mention(p.roomId(), u, m.seq());
        return new Outcome.Posted(m, false);
    }

    /** The receipt's stream position is assigned when the transaction's rows are written, so it is read afterwards. */
    private static Supplier<Outcome> moveCursor(CommitTx tx, Write.CursorMove c, Set<MemberCursor> announced) {
        Optional<MemberCursor> cursor = tx.member(c.roomId(), c.userId());
        if (cursor.isEmpty()) {
            Outcome rejected = new Outcome.Rejected(ErrorCode.ROOM_NOT_FOUND);
            return () -> rejected;
        }
        boolean changed = tx.advance(cursor.get(), c.delivered(), c.read());
        boolean announce = changed && announced.add(cursor.get());
        return () -> new Outcome.Moved(cursor.get().receipt(), announce);
    }
}
