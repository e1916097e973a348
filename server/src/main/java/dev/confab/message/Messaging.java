package dev.confab.message;

import dev.confab.account.Principal;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.limit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
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

    public Messaging(MessageStore store, RoomEvents events, Clock clock, int maxTextLength, int maxBatch, RateLimiter sends,
                     MeterRegistry metrics, RateLimiter reads) {
        this.store = store;
        this.reads = reads;
        this.sends = sends;
        this.maxTextLength = maxTextLength;
        this.commits = new CommitQueue(new MessageRules(store), clock, maxBatch, metrics, (write, outcome, origin) -> {
            switch (outcome) {
                case Outcome.Posted p when !p.duplicate() -> events.messagePosted(p.message(), origin);
                case Outcome.Moved m when m.changed() -> events.cursorMoved(m.receipt());
                default -> { }
            }
        });
    }

    /** Completes with the committed message once it is durable, or exceptionally with a {@link ConfabException}. */
    public CompletableFuture<Outcome.Posted> send(Principal who, long roomId, String clientId, String text, long originConnection) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ConfabException.invalid("clientId must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
        checkText(text);
        sends.acquire(who.userId());
        return commits.submit(new Write.Post(roomId, who.userId(), clientId, text), originConnection)
                .thenApply(o -> switch (o) {
                    case Outcome.Posted p -> p;
                    case Outcome.Rejected r -> throw rejection(r.code());
                    case Outcome.Moved m -> throw new IllegalStateException("a post came back as a cursor move");
                });
    }

    /**
     * Sends one of my uploads as an image, video, audio or file message (its kind is the upload's),
     * with an optional caption; completes like {@link #send}. An upload that is not mine, or does not
     * exist, is {@code media_not_found}.
     */
    public CompletableFuture<Outcome.Posted> sendMedia(Principal who, long roomId, String clientId, long mediaId, String caption,
                                                       long originConnection) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ConfabException.invalid("clientId must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
        String c = caption == null || caption.isBlank() ? null : caption;
        if (c != null) checkText(c);
        sends.acquire(who.userId());
        return commits.submit(new Write.MediaPost(roomId, who.userId(), clientId, mediaId, c), originConnection)
                .thenApply(o -> switch (o) {
                    case Outcome.Posted p -> p;
                    case Outcome.Rejected r -> throw rejection(r.code());
                    case Outcome.Moved m -> throw new IllegalStateException("a post came back as a cursor move");
                });
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
        List<Long> seqs = store.seqsOf(who.userId(), roomId, messageIds);
        if (seqs.isEmpty()) throw new ConfabException(ErrorCode.MESSAGE_NOT_FOUND, "none of those messages is in this room");
        return read(who, roomId, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private CompletableFuture<Receipt> moveCursor(Principal who, long roomId, long delivered, long read) {
        if (delivered < 0 || read < 0) throw ConfabException.invalid("seq must not be negative");
        return commits.submit(new Write.CursorMove(roomId, who.userId(), delivered, read), 0)
                .thenApply(o -> switch (o) {
                    case Outcome.Moved m -> m.receipt();
                    case Outcome.Rejected r -> throw rejection(r.code());
                    case Outcome.Posted p -> throw new IllegalStateException("a cursor move came back as a post");
                });
    }

    public record Page(List<Message> messages, boolean more) {}

    public Page history(Principal who, long roomId, HistoryQuery query) {
        reads.acquire(who.userId());
        List<Message> rows = store.page(who.userId(), roomId, query, query.limit() + 1)
                .orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
        boolean more = rows.size() > query.limit();
        if (!more) return new Page(rows, false);
        // the extra row is the one furthest from the anchor: the first when paging backwards
        return new Page(query.ascending() ? rows.subList(0, query.limit()) : rows.subList(1, rows.size()), true);
    }

    public MessageStore.MessageReceipts receipts(Principal who, long roomId, long seq) {
        return store.receipts(who.userId(), roomId, seq).orElseThrow(() -> new ConfabException(ErrorCode.ROOM_NOT_FOUND));
    }

    private void checkText(String text) {
        if (text == null || text.isBlank()) throw ConfabException.invalid("text must not be empty");
        if (text.codePointCount(0, text.length()) > maxTextLength) {
            throw new ConfabException(ErrorCode.TEXT_TOO_LONG, "text must be at most " + maxTextLength + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) throw ConfabException.invalid("text must not contain NUL characters");
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ConfabException.invalid("text is not valid Unicode (lone surrogate)");
            }
        }
    }

    private static ConfabException rejection(ErrorCode code) {
        return code == ErrorCode.STORE_UNAVAILABLE ? ConfabException.storeUnavailable() : new ConfabException(code);
    }

    /** Stops accepting writes and commits what is already queued. */
    @Override
    public void close() {
        commits.close();
    }
}
