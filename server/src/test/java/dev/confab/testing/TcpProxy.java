package dev.confab.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay to a real server that a test can cut: {@link #cut()} drops every relayed connection
 * and refuses new ones until {@link #restore()}, as if the server had gone away. For an HTTP
 * server it can also answer in the server's place ({@link #answerNext}) or stall its answers
 * mid-way ({@link #stallAnswersAfter}).
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    private final AtomicInteger toAnswer = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile byte[] answer;
    private volatile long stallAfter = -1;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void cut() {
        up = false;
        for (Socket s : open) close(s);
    }

    public void restore() {
        up = true;
    }

    /**
     * The next {@code times} connections get {@code response} (raw HTTP, sent once the request's
     * head has arrived) and are closed. Relayed connections are dropped first, so a client's next
     * request opens a new one.
     */
    public void answerNext(int times, String response) {
        answer = response.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        toAnswer.set(times);
        for (Socket s : open) close(s);
    }

    /** How many connections {@link #answerNext} answered. */
    public int answered() {
        return answered.get();
    }

    /**
     * Connections opened from now on relay at most {@code bytes} of the server's side, then hold
     * the rest back without closing, as a server that stalls mid-body; -1 relays everything.
     */
    public void stallAnswersAfter(long bytes) {
        stallAfter = bytes;
        for (Socket s : open) close(s);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket in = listener.accept();
                if (!up) {
                    close(in);
                    continue;
                }
                open.add(in);
                if (toAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    Thread.ofVirtual().start(() -> answer(in));
                    continue;
                }
                Socket out = new Socket(targetHost, targetPort);
                open.add(out);
                long limit = stallAfter;
                Thread.ofVirtual().start(() -> pump(in, out, -1));
                Thread.ofVirtual().start(() -> pump(out, in, limit));
            } catch (IOException e) {
                if (listener.isClosed()) return;
            }
        }
    }

    private void answer(Socket in) {
        try {
            InputStream i = in.getInputStream();
            // the request head ends at the first empty line
            for (int b, state = 0; state < 4 && (b = i.read()) >= 0; )
                state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
            in.getOutputStream().write(answer);
            in.getOutputStream().flush();
            answered.incrementAndGet();
        } catch (IOException ignored) {
            // the client gave up first
        } finally {
            close(in);
        }
    }

    /** Relays until either side ends; after {@code limit} bytes (unless -1) it reads on but relays nothing. */
    private void pump(Socket from, Socket to, long limit) {
        byte[] buf = new byte[16384];
        long sent = 0;
        try (InputStream i = from.getInputStream();
                OutputStream o = to.getOutputStream()) {
            for (int n; (n = i.read(buf)) >= 0; ) {
                int relay = limit < 0 ? n : (int) Math.max(0, Math.min(n, limit - sent));
                if (relay > 0) o.write(buf, 0, relay);
                sent += relay;
            }
        } catch (IOException ignored) {
            // one side went away: the other follows
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
