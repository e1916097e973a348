package dev.confab.message;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import dev.confab.text.Unicode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Sending, delivery cursors and history: validation and authorization, then the commit path. */
public final class Messaging implements AutoCloseable {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final MessageStore store;
    private final CommitQueue commits;
    private final int maxTextLength;
    private final RateLimiter sends;
    private final RateLimiter reads;
    private final ReactionEmoji emoji;

    /** How many of the users who reacted are listed per emoji on a page of history (all of them: {@link #reactions}). */
    public static final int REACTION_USERS_PER_PAGE = 10;

    public Messaging(
            MessageStore store,
            RoomEvents events,
            Clock clock,
            int maxTextLength,
            int maxBatch,
            RateLimiter sends,
            CommitMetrics metrics,
            RateLimiter reads) {
        this(store, events, clock, maxTextLength, maxBatch, sends, metrics, reads, null, ReactionEmoji.defaults());
    }

    /** @param editWindow how long after sending a message may be edited; null or zero for no limit */
    public Messaging(
            MessageStore store,
            RoomEvents events,
            Clock clock,
            int maxTextLength,
            int maxBatch,
            RateLimiter sends,
            CommitMetrics metrics,
            RateLimiter reads,
            Duration editWindow,
            ReactionEmoji emoji) {
        this.store = store;
        this.reads = reads;
        this.sends = sends;
        this.maxTextLength = maxTextLength;
        this.emoji = emoji;
        this.commits = new CommitQueue(
                new MessageRules(store, editWindow), clock, maxBatch, metrics, (write, outcome, origin) -> {
                    switch (outcome) {
                        case Outcome.Posted p
                        when !p.duplicate() -> {
                            events.messagePosted(p.message(), origin);
                            // the sending device has its sent reply; the sender's other devices and the readers of
                            // receipts learn it here
                            if (p.senderCursor() != null) events.cursorMoved(p.senderCursor(), origin);
                        }
                        case Outcome.Moved m when m.changed() -> events.cursorMoved(m.receipt(), 0);
                        case Outcome.Changed c when c.change() != null -> events.messageChanged(c.change(), origin);
                        default -> {}
                    }
                });
    }

    /** Completes with the committed message once it is durable, or exceptionally with a {@link ConfabException}. */
    public CompletableFuture<Outcome.Posted> send(
            Principal who, long roomId, String clientId, String text, long originConnection) {
        return send(who, roomId, clientId, text, null, originConnection);
    }

    /** A text message, answering message {@code replyTo} of the same room when that is not null. */
    public CompletableFuture<Outcome.Posted> send(
            Principal who, long roomId, String clientId, String text, Long replyTo, long originConnection) {
        checkClientId(clientId);
        checkText(text);
        if (replyTo != null && replyTo < 1) throw ConfabException.invalid("replyTo must be a positive seq");
        sends.acquire(who.userId());
        return posted(commits.submit(new Write.Post(roomId, who.userId(), clientId, text, replyTo), originConnection));
    }

    /** Copies message {@code fromSeq} of room {@code fromRoomId}, which I may read, into room {@code roomId}, where I may post. */
    public CompletableFuture<Outcome.Posted> forward(
            Principal who, long roomId, String clientId, long fromRoomId, long fromSeq, long originConnection) {
        checkClientId(clientId);
        if (fromSeq < 1) throw ConfabException.invalid("forward.seq must be a positive seq");
        sends.acquire(who.userId());
        return posted(commits.submit(
                new Write.Forward(roomId, who.userId(), clientId, fromRoomId, fromSeq), originConnection));
    }

    /** Replaces the text of my message {@code seq}; completes with the message as it now stands. */
    public CompletableFuture<Outcome.Changed> edit(
            Principal who, long roomId, long seq, String text, long originConnection) {
        if (seq < 1) throw ConfabException.invalid("seq must be a positive seq");
        checkText(text);
        sends.acquire(who.userId());
        return changed(commits.submit(new Write.Edit(roomId, who.userId(), seq, text), originConnection));
    }

    /** Adds ({@code add}) or removes my reaction {@code emoji} on message {@code seq}. */
    public CompletableFuture<Outcome.Changed> react(
            Principal who, long roomId, long seq, String emoji, boolean add, long originConnection) {
        if (seq < 1) throw ConfabException.invalid("seq must be a positive seq");
        String allowed = this.emoji.check(emoji);
        sends.acquire(who.userId());
        return changed(commits.submit(new Write.React(roomId, who.userId(), seq, allowed, add), originConnection));
    }

    /** Every reaction on one message I may read, with everyone who reacted. */
    public List<ReactionCount> reactions(Principal who, long roomId, long seq) {
        reads.acquire(who.userId());
        Message m = store.readable(who.userId(), roomId, seq)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        return store.reactions(who.userId(), List.of(m.id()), Integer.MAX_VALUE).getOrDefault(m.id(), List.of());
    }

    public List<String> allowedEmoji() {
        return emoji.all();
    }

    private static CompletableFuture<Outcome.Posted> posted(CompletableFuture<Outcome> f) {
        return f.thenApply(o -> switch (o) {
            case Outcome.Posted p -> p;
            case Outcome.Rejected r -> throw rejection(r);
            case Outcome.Moved m -> throw new IllegalStateException("a post came back as a cursor move");
            case Outcome.Changed c -> throw new IllegalStateException("a post came back as a change");
        });
    }

    private static CompletableFuture<Outcome.Changed> changed(CompletableFuture<Outcome> f) {
        return f.thenApply(o -> switch (o) {
            case Outcome.Changed c -> c;
            case Outcome.Rejected r -> throw rejection(r);
            case Outcome.Moved m -> throw new IllegalStateException("a change came back as a cursor move");
            case Outcome.Posted p -> throw new IllegalStateException("a change came back as a post");
        });
    }

    private static void checkClientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ConfabException.invalid("clientId must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
    }

    /**
     * Sends one of my uploads as an image, video, audio or file message (its kind is the upload's),
     * with an optional caption; completes like {@link #send}. An upload that is not mine, or does not
     * exist, is {@code media_not_found}.
     */
    public CompletableFuture<Outcome.Posted> sendMedia(
            Principal who, long roomId, String clientId, long mediaId, String caption, long originConnection) {
        checkClientId(clientId);
        String c = caption == null || caption.isBlank() ? null : caption;
        if (c != null) checkText(c);
        sends.acquire(who.userId());
        return posted(
                commits.submit(new Write.MediaPost(roomId, who.userId(), clientId, mediaId, c), originConnection));
    }

    /** Acknowledges delivery to one of the user's devices up to {@code seq}. */
    public CompletableFuture<Receipt> received(Principal who, long roomId, long seq) {
        return moveCursor(who, roomId, seq, 0);
    }

    /** Marks the room read up to {@code seq} (which implies delivered). */
    public CompletableFuture<Receipt> read(Principal who, long roomId, long seq) {
        return moveCursor(who, roomId, 0, seq);
    }

    /** Seed 000's "mark these ids read": read up to the highest of them. */
    public CompletableFuture<Receipt> readIds(Principal who, long roomId, List<Long> messageIds) {
        if (messageIds == null || messageIds.isEmpty() || messageIds.size() > 1000) {
            throw ConfabException.invalid("messageIds must list 1-1000 ids");
        }
        List<Long> seqs = store.seqsOf(who.userId(), roomId, messageIds)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        if (seqs.isEmpty())
            throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND, "none of those messages is in this room");
        return read(who, roomId, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private CompletableFuture<Receipt> moveCursor(Principal who, long roomId, long delivered, long read) {
        if (delivered < 0 || read < 0) throw ConfabException.invalid("seq must not be negative");
        return commits.submit(new Write.CursorMove(roomId, who.userId(), delivered, read), 0)
                .thenApply(o -> switch (o) {
                    case Outcome.Moved m -> m.receipt();
                    case Outcome.Rejected r -> throw rejection(r);
                    case Outcome.Posted p -> throw new IllegalStateException("a cursor move came back as a post");
                    case Outcome.Changed c -> throw new IllegalStateException("a cursor move came back as a change");
                });
    }

    /** A page of history; {@code reactions} by message id, for the messages that have any. */
    public record Page(List<Message> messages, Map<Long, List<ReactionCount>> reactions, boolean more) {}

    /**
     * A page of history with its reactions and with the quotes of its replies as the quoted
     * messages stand now (edited, deleted): two queries for the whole page, none per message.
     */
    public Page history(Principal who, long roomId, HistoryQuery query) {
        reads.acquire(who.userId());
        List<Message> rows = store.page(who.userId(), roomId, query, query.limit() + 1)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        boolean more = rows.size() > query.limit();
        // the extra row is the one furthest from the anchor: the first when paging backwards
        if (more) rows = query.ascending() ? rows.subList(0, query.limit()) : rows.subList(1, rows.size());
        rows = Replies.refreshed(rows, seqs -> store.messagesAt(who.userId(), roomId, seqs));
        List<Long> posts = rows.stream()
                .filter(m -> MessageText.of(m.body()) != null)
                .map(Message::id)
                .toList();
        return new Page(rows, store.reactions(who.userId(), posts, REACTION_USERS_PER_PAGE), more);
    }

    public MessageStore.MessageReceipts receipts(Principal who, long roomId, long seq) {
        return store.receipts(who.userId(), roomId, seq)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private void checkText(String text) {
        if (text == null || text.isBlank()) throw ConfabException.invalid("text must not be empty");
        if (text.codePointCount(0, text.length()) > maxTextLength) {
            throw new ConfabException(ErrorCode.TEXT_TOO_LONG, "text must be at most " + maxTextLength + " characters");
        }
        if (text.indexOf(0) >= 0) throw ConfabException.invalid("text must not contain NUL characters");
        if (Unicode.hasLoneSurrogate(text)) throw ConfabException.invalid("text is not valid Unicode (lone surrogate)");
    }

    private static ConfabException rejection(Outcome.Rejected r) {
        if (r.code() == ErrorCode.STORE_UNAVAILABLE) return ConfabException.storeUnavailable();
        return r.message() == null ? new ConfabException(r.code()) : new ConfabException(r.code(), r.message());
    }

    /** Stops accepting writes and commits what is already queued. */
    @Override
    public void close() {
        commits.close();
    }
}
