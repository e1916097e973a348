package dev.confab.bench.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/** One client WebSocket. {@link #sendText} may be called from any thread; it never blocks. */
public final class WsConn {
    private static final int HANDSHAKE = 0, OPEN = 1, CLOSED = 2;

    private final WsEngine engine;
    private final WsEngine.IoThread io;
    final InetSocketAddress server;
    final InetAddress localAddress;
    final String path;
    private final WsEngine.Handler handler;
    SocketChannel channel;
    SelectionKey key;
    private volatile int state = HANDSHAKE;
    /** Bytes read but not yet parsed (an incomplete frame); null when there are none. */
    private ByteBuffer leftover;
    /** A fragmented message being reassembled. */
    private ByteArrayOutputStream fragments;

    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    /** Free for the scenario: who this connection is. */
    public Object attachment;

    WsConn(
            WsEngine engine,
            WsEngine.IoThread io,
            InetSocketAddress server,
            InetAddress localAddress,
            String path,
            WsEngine.Handler handler) {
        this.engine = engine;
        this.io = io;
        this.server = server;
        this.localAddress = localAddress;
        this.path = path;
        this.handler = handler;
    }

    public boolean isOpen() {
        return state == OPEN;
    }

    /** Queues a text frame; false when the connection is not open. */
    public boolean sendText(String text) {
        if (state != OPEN) return false;
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeFrame(0x1, payload);
        return true;
    }

    /** Sends a close frame and drops the connection. */
    public void close(int code) {
        if (state == CLOSED) return;
        if (state == OPEN) {
            byte[] p = {(byte) (code >> 8), (byte) code};
            writeFrame(0x8, p);
        }
        io.submit(() -> finish(code, "closed by client", false));
    }

    private void writeFrame(int opcode, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + len);
        b.put((byte) (0x80 | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else if (len < 65536) {
            b.put((byte) (0x80 | 126));
            b.putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127));
            b.putLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        b.putInt(mask);
        byte m0 = (byte) (mask >>> 24), m1 = (byte) (mask >>> 16), m2 = (byte) (mask >>> 8), m3 = (byte) mask;
        for (int i = 0; i < len; i++) {
            byte m = switch (i & 3) {
                case 0 -> m0;
                case 1 -> m1;
                case 2 -> m2;
                default -> m3;
            };
            b.put((byte) (payload[i] ^ m));
        }
        b.flip();
        try {
            writeRaw(b);
        } catch (IOException e) {
            io.submit(() -> fail(e));
        }
    }

    void writeRaw(ByteBuffer b) throws IOException {
        synchronized (this) {
            if (!pending.isEmpty()) {
                pending.add(b);
                return;
            }
            channel.write(b);
            if (!b.hasRemaining()) return;
            pending.add(b);
        }
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        key.selector().wakeup();
    }

    void flushPending() throws IOException {
        synchronized (this) {
            while (!pending.isEmpty()) {
                ByteBuffer b = pending.peek();
                channel.write(b);
                if (b.hasRemaining()) return;
                pending.poll();
            }
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    void readable(ByteBuffer rb) throws IOException {
        while (state != CLOSED) {
            rb.clear();
            int n = channel.read(rb);
            if (n < 0) {
                finish(1006, "connection lost", true);
                return;
            }
            if (n == 0) return;
            rb.flip();
            ByteBuffer buf;
            if (leftover != null) {
                buf = ByteBuffer.allocate(leftover.remaining() + rb.remaining());
                buf.put(leftover).put(rb).flip();
                leftover = null;
            } else {
                buf = rb;
            }
            parse(buf);
            if (buf.hasRemaining() && state != CLOSED) {
                leftover = ByteBuffer.allocate(Math.max(buf.remaining(), 1024));
                leftover.put(buf).flip();
            }
            if (n < rb.capacity()) return;
        }
    }

    private void parse(ByteBuffer buf) throws IOException {
        if (state == HANDSHAKE) {
            int end = headerEnd(buf);
            if (end < 0) return;
            byte[] head = new byte[end - buf.position()];
            buf.get(head);
            String response = new String(head, StandardCharsets.ISO_8859_1);
            int sp = response.indexOf(' ');
            int status = sp < 0
                    ? 0
                    : Integer.parseInt(response.substring(sp + 1, Math.min(response.length(), sp + 4))
                            .trim());
            if (status != 101) {
                buf.position(buf.limit());
                finish(
                        status,
                        "upgrade refused: " + response.lines().findFirst().orElse(""),
                        false);
                return;
            }
            state = OPEN;
            engine.opened();
            handler.onOpen(this);
        }
        while (state == OPEN && buf.remaining() >= 2) {
            int start = buf.position();
            int b0 = buf.get(start) & 0xff;
            int b1 = buf.get(start + 1) & 0xff;
            int len7 = b1 & 0x7f;
            boolean masked = (b1 & 0x80) != 0;
            int headerLen = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (buf.remaining() < headerLen) return;
            long len = len7 == 126 ? (buf.getShort(start + 2) & 0xffff) : len7 == 127 ? buf.getLong(start + 2) : len7;
            if (buf.remaining() < headerLen + len) return;
            byte[] payload = new byte[(int) len];
            buf.position(start + headerLen);
            buf.get(payload);
            if (masked) {
                int mk = start + headerLen - 4;
                for (int i = 0; i < payload.length; i++) payload[i] ^= buf.get(mk + (i & 3));
            }
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            switch (opcode) {
                case 0x0, 0x1, 0x2 -> {
                    if (!fin || fragments != null) {
                        if (fragments == null) fragments = new ByteArrayOutputStream();
                        fragments.write(payload);
                        if (!fin) continue;
                        payload = fragments.toByteArray();
                        fragments = null;
                    }
                    handler.onText(this, new String(payload, StandardCharsets.UTF_8));
                }
                case 0x8 -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                            : "";
                    finish(code, reason, true);
                    return;
                }
                case 0x9 -> writeFrame(0xA, payload);
                default -> {}
            }
        }
    }

    private static int headerEnd(ByteBuffer buf) {
        for (int i = buf.position(); i + 3 < buf.limit(); i++) {
            if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n')
                return i + 4;
        }
        return -1;
    }

    void fail(Throwable e) {
        if (state == CLOSED) return;
        handler.onError(this, e);
        finish(1006, String.valueOf(e), true);
    }

    private void finish(int code, String reason, boolean notify) {
        if (state == CLOSED) return;
        boolean wasOpen = state == OPEN;
        state = CLOSED;
        if (wasOpen) engine.closed();
        try {
            if (key != null) key.cancel();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (this) {
            pending.clear();
        }
        leftover = null;
        handler.onClose(this, code, reason);
    }
}
