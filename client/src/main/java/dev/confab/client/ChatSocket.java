package dev.confab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's socket. Sends may come from any thread. Replies complete their futures, and the
 * listener is called, on the socket's reading thread; see {@link SocketListener}. Every pending
 * request fails with {@code connection_closed} when the socket closes.
 */
public final class ChatSocket implements AutoCloseable {
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

    private final SocketListener listener;
    private final Outbox outbox = new Outbox();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong refs = new AtomicLong();
    private final CompletableFuture<Hello> hello = new CompletableFuture<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket ws;
    private volatile Thread reader;

    private ChatSocket(SocketListener listener) {
        this.listener = listener == null ? new SocketListener() {} : listener;
    }

    static ChatSocket open(HttpClient http, URI uri, SocketListener listener) {
        ChatSocket socket = new ChatSocket(listener);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(ConfabClient.CONNECT_TIMEOUT)
                .buildAsync(uri, socket.new Receiver());
        try {
            socket.ws = opening.get(ConfabClient.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return socket;
        } catch (ExecutionException e) {
            throw upgradeFailure(e.getCause());
        } catch (TimeoutException e) {
            opening.thenAccept(WebSocket::abort);
            throw new ConfabException(
                    0, "timeout", "no socket upgrade within " + ConfabClient.REQUEST_TIMEOUT, null, e);
        } catch (InterruptedException e) {
            opening.thenAccept(WebSocket::abort);
            Thread.currentThread().interrupt();
            throw new ConfabException(0, "interrupted", "while opening the socket", null, e);
        }
    }

    private static ConfabException upgradeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                RawResponse raw = new RawResponse(
                        response.statusCode(),
                        bodyText(response.body()),
                        response.headers().map());
                ConfabException parsed = ConfabException.fromResponse(raw);
                if (!parsed.code().startsWith("http_")) {
                    return parsed;
                }
                String code = raw.status() == 401 ? "unauthenticated" : "handshake_failed";
                return new ConfabException(
                        raw.status(), code, "socket upgrade refused", parsed.retryAfterMs(), refused);
            }
        }
        return new ConfabException(0, "io_error", "cannot open the socket: " + error, null, error);
    }

    private static String bodyText(Object body) {
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return "";
    }

    /** Completed by the server's first frame. */
    public CompletableFuture<Hello> hello() {
        return hello.copy();
    }

    public CompletableFuture<SendResult> send(long roomId, String clientId, String text) {
        return request(Frames.send(roomId, clientId, text)).thenApply(f -> Json.decode(f, SendResult.class));
    }

    /** A text message answering message {@code replyTo} (a seq) of the same room. */
    public CompletableFuture<SendResult> reply(long roomId, String clientId, String text, long replyTo) {
        return request(Frames.reply(roomId, clientId, text, replyTo)).thenApply(f -> Json.decode(f, SendResult.class));
    }

    /** Copies message {@code fromSeq} of room {@code fromRoomId} into {@code roomId}. */
    public CompletableFuture<SendResult> forward(long roomId, String clientId, long fromRoomId, long fromSeq) {
        return request(Frames.forward(roomId, clientId, fromRoomId, fromSeq))
                .thenApply(f -> Json.decode(f, SendResult.class));
    }

    /** Replaces the text of my message {@code seq}; completes with the message as it now stands. */
    public CompletableFuture<Message> edit(long roomId, long seq, String text) {
        return request(Frames.edit(roomId, seq, text)).thenApply(f -> Json.decode(f.get("message"), Message.class));
    }

    /** Adds ({@code add}) or removes my {@code emoji}; completes with the change, or null when nothing changed. */
    public CompletableFuture<ReactionChange> react(long roomId, long seq, String emoji, boolean add) {
        return request(Frames.react(roomId, seq, emoji, add))
                .thenApply(f -> f.hasNonNull("reaction") ? Json.decode(f.get("reaction"), ReactionChange.class) : null);
    }

    /** Sends one of my uploads (see {@link ConfabClient#uploadMedia}) as a media message with an optional caption. */
    public CompletableFuture<SendResult> sendMedia(long roomId, String clientId, long mediaId, String caption) {
        return request(Frames.sendMedia(roomId, clientId, mediaId, caption))
                .thenApply(f -> Json.decode(f, SendResult.class));
    }

    /** Acknowledges delivery up to {@code seq}; the server does not answer. */
    public void received(long roomId, long seq) {
        sendRaw(Json.write(Frames.received(roomId, seq)));
    }

    public CompletableFuture<Receipt> read(long roomId, long seq) {
        return request(Frames.read(roomId, seq)).thenApply(f -> Json.decode(f.get("receipt"), Receipt.class));
    }

    public CompletableFuture<SyncBatch> sync(long since, int limit) {
        return request(Frames.sync(since, limit)).thenApply(f -> Json.decode(f, SyncBatch.class));
    }

    /** {@code before} and {@code after} (seqs) may be null to leave them out. */
    public CompletableFuture<Page> history(long roomId, Long before, Long after, int limit) {
        return request(Frames.history(roomId, before, after, limit)).thenApply(f -> Json.decode(f, Page.class));
    }

    /**
     * Tells the room's other members that I started ({@code active}) or stopped typing. Completes
     * when the server answered {@code ok}, whether or not it forwarded the signal (it drops starts
     * closer than two seconds apart); fails with {@code room_not_found} for a room I am not in.
     */
    public CompletableFuture<Void> typing(long roomId, boolean active) {
        return request(Frames.typing(roomId, active)).thenApply(f -> null);
    }

    public CompletableFuture<Void> ping() {
        return request(Frames.ping()).thenApply(f -> null);
    }

    /**
     * Sends a copy of {@code frame} with a fresh {@code ref}; completes with the reply frame, or
     * exceptionally with the {@link ConfabException} of an {@code error} frame.
     */
    public CompletableFuture<JsonNode> request(ObjectNode frame) {
        String ref = "r" + refs.incrementAndGet();
        ObjectNode out = frame.deepCopy().put("ref", ref);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(ref, reply);
        reply.whenComplete((ignored, error) -> pending.remove(ref));
        if (ended.get() || closing.get()) {
            reply.completeExceptionally(ConfabException.closed("socket is closed", null));
            return reply;
        }
        transmit(Json.write(out)).whenComplete((ignored, error) -> {
            if (error != null) {
                reply.completeExceptionally(sendFailure(error));
            }
        });
        return reply;
    }

    /** Sends text as is, without waiting for anything; for frames the typed methods cannot make. */
    public void sendRaw(String text) {
        transmit(text).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.DEBUG, "send failed", error);
            }
        });
    }

    public CompletableFuture<CloseInfo> closed() {
        return closed.copy();
    }

    public boolean isOpen() {
        WebSocket w = ws;
        return w != null && !ended.get() && !closing.get() && !w.isOutputClosed();
    }

    /**
     * Closes with code 1000 after the sends queued before it, and waits (up to 5 s, then aborts)
     * for the server's reply so that nothing more arrives afterwards. Called from the listener, it
     * does not wait, since the reply can only be read once the listener returns.
     */
    @Override
    public void close() {
        if (ended.get()) {
            return;
        }
        if (closing.compareAndSet(false, true)) {
            WebSocket w = ws;
            outbox.submit(() -> w.sendClose(WebSocket.NORMAL_CLOSURE, "")).whenComplete((ignored, error) -> {
                if (error != null) {
                    abort();
                }
            });
        }
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            closed.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        }
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
        finish(new CloseInfo(CloseInfo.ABNORMAL, "aborted"), null);
    }

    private CompletableFuture<Void> transmit(String text) {
        if (ended.get()) {
            return CompletableFuture.failedFuture(ConfabException.closed("socket is closed", null));
        }
        return outbox.submit(() -> ws.sendText(text, true));
    }

    private ConfabException sendFailure(Throwable error) {
        if (error instanceof ConfabException e) {
            return e;
        }
        WebSocket w = ws;
        if (ended.get() || w == null || w.isOutputClosed()) {
            return ConfabException.closed("socket is closed", error);
        }
        return new ConfabException(0, "io_error", "send failed: " + error, null, error);
    }

    private void dispatch(String text) {
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a frame that is not JSON: {0}", text);
            return;
        }
        deliver(() -> listener.onFrame(frame));
        JsonNode refNode = frame.get("ref");
        String ref = refNode != null && refNode.isValueNode() && !refNode.isNull() ? refNode.asText() : null;
        switch (frame.path("type").asText("")) {
            case "hello" -> {
                try {
                    hello.complete(Json.decode(frame, Hello.class));
                } catch (ConfabException e) {
                    hello.completeExceptionally(e);
                }
            }
            case "message" -> deliver(() -> listener.onMessage(Json.decode(frame.get("message"), Message.class)));
            case "receipt" -> deliver(() -> listener.onReceipt(Json.decode(frame.get("receipt"), Receipt.class)));
            case "edit" -> deliver(() -> listener.onEdit(Json.decode(frame.get("edit"), Edit.class)));
            case "reaction" ->
                deliver(() -> listener.onReaction(Json.decode(frame.get("reaction"), ReactionChange.class)));
            case "typing" -> deliver(() -> listener.onTyping(Json.decode(frame, Typing.class)));
            case "presence" -> deliver(() -> listener.onPresence(Json.decode(frame, PresenceChange.class)));
            case "error" -> {
                CompletableFuture<JsonNode> waiting = ref == null ? null : pending.remove(ref);
                if (waiting != null) {
                    waiting.completeExceptionally(ConfabException.fromFrame(frame));
                }
            }
            default -> {
                CompletableFuture<JsonNode> waiting = ref == null ? null : pending.remove(ref);
                if (waiting != null) {
                    waiting.complete(frame);
                }
            }
        }
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "socket listener failed", e);
        }
    }

    private void finish(CloseInfo info, Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ConfabException error =
                ConfabException.closed("socket closed (" + info.code() + " " + info.reason() + ")", cause);
        hello.completeExceptionally(error);
        pending.values().forEach(waiting -> waiting.completeExceptionally(error));
        deliver(() -> listener.onClose(info));
        closed.complete(info);
    }

    /** Called by the JDK one event at a time; asks for the next frame only when done with this one. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            reading(() -> listener.onOpen(ChatSocket.this));
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
            } else if (partial.isEmpty()) {
                String text = data.toString();
                reading(() -> dispatch(text));
            } else {
                String text = partial.append(data).toString();
                partial.setLength(0);
                reading(() -> dispatch(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reading(() -> finish(new CloseInfo(statusCode, reason), null));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reading(() -> finish(new CloseInfo(CloseInfo.ABNORMAL, String.valueOf(error)), error));
        }

        private void reading(Runnable work) {
            reader = Thread.currentThread();
            try {
                work.run();
            } finally {
                reader = null;
            }
        }
    }
}
