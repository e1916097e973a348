package dev.confab.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket spoken byte by byte, for what well-behaved clients cannot send: a text frame whose
 * payload is not UTF-8, binary frames. Only what the tests need: one upgrade, masked frames out, frames in.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    public final int upgradeStatus;

    public RawWebSocket(URI base, String token) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String request = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        upgradeStatus = Integer.parseInt(head.split(" ", 3)[1]);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the upgrade");
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one final text frame with exactly these payload bytes. */
    public void sendText(byte[] payload) throws IOException {
        send(0x1, payload);
    }

    /** Sends one final binary frame. */
    public void sendBinary(byte[] payload) throws IOException {
        send(0x2, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        out.write(0x80 | opcode);
        if (payload.length <= 125) {
            out.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) ((long) payload.length >>> shift) & 0xff);
        }
        out.write(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        out.write(masked);
        out.flush();
    }

    /** Reads frames until the next text frame and returns its payload; null when a close frame or the end came first. */
    public String nextText() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) return null;
            byte[] payload = payload();
            if ((b0 & 0x0f) == 0x1) return new String(payload, StandardCharsets.UTF_8);
            if ((b0 & 0x0f) == 0x8) {
                lastClose = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                return null;
            }
        }
    }

    /** The close code {@link #nextText()} met, or 0. */
    public int lastClose;

    private byte[] payload() throws IOException {
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = (int) in.readLong();
        return in.readNBytes(len);
    }

    /** Reads frames until a close frame and returns its status code (or -1 if the connection just ended). */
    public int awaitCloseCode() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) return -1;
            byte[] payload = payload();
            if ((b0 & 0x0f) == 0x8)
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
