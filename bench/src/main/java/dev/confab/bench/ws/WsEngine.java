package dev.confab.bench.ws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean non-blocking WebSocket client (RFC 6455, text frames, no extensions) for holding many
 * connections from one process: a few selector threads, no thread per connection, no buffer per
 * idle connection. Each connection binds one of several local addresses (127.0.0.2, 127.0.0.3,
 * ...) so the 4-tuple space is not limited by one source address's ephemeral ports.
 *
 * <p>Callbacks run on the connection's selector thread and must not block.
 */
public final class WsEngine implements AutoCloseable {
    /** Callbacks of one connection. */
    public interface Handler {
        default void onOpen(WsConn c) {}

        void onText(WsConn c, String text);

        default void onClose(WsConn c, int code, String reason) {}

        default void onError(WsConn c, Throwable error) {}
    }

    private final IoThread[] threads;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    public WsEngine(int ioThreads) {
        threads = new IoThread[ioThreads];
        for (int i = 0; i < ioThreads; i++) {
            threads[i] = new IoThread("ws-io-" + i);
            threads[i].thread.start();
        }
    }

    /** Connections whose upgrade succeeded and that are not closed yet. */
    public int openConnections() {
        return open.get();
    }

    /**
     * Starts connecting; {@link Handler#onOpen} runs once the upgrade is accepted, {@link Handler#onClose}
     * (code 1006 or the HTTP status) when it is refused or fails.
     */
    public WsConn connect(
            InetSocketAddress server,
            InetAddress localAddress,
            String pathAndQuery,
            Handler handler,
            Object attachment) {
        IoThread t = threads[Math.floorMod(next.getAndIncrement(), threads.length)];
        WsConn c = new WsConn(this, t, server, localAddress, pathAndQuery, handler);
        c.attachment = attachment;
        t.submit(() -> t.open(c));
        return c;
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    @Override
    public void close() {
        for (IoThread t : threads) t.stop();
    }

    /** One selector and the connections it serves. */
    final class IoThread implements Runnable {
        final Thread thread;
        final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** Shared by every connection of this thread: reads land here, only leftovers are copied. */
        final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);

        private volatile boolean running = true;

        IoThread(String name) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        void open(WsConn c) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (c.localAddress != null) ch.bind(new InetSocketAddress(c.localAddress, 0));
                c.channel = ch;
                boolean done = ch.connect(c.server);
                c.key = ch.register(selector, done ? 0 : SelectionKey.OP_CONNECT, c);
                if (done) connected(c);
            } catch (IOException | RuntimeException e) {
                c.fail(e);
            }
        }

        private void connected(WsConn c) throws IOException {
            c.channel.finishConnect();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String req = "GET " + c.path + " HTTP/1.1\r\n"
                    + "Host: " + c.server.getHostString() + ":" + c.server.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            c.key.interestOps(SelectionKey.OP_READ);
            c.writeRaw(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void run() {
            List<Runnable> batch = new ArrayList<>();
            while (running) {
                try {
                    selector.select(100);
                } catch (IOException e) {
                    continue;
                }
                for (Runnable r; (r = tasks.poll()) != null; ) batch.add(r);
                for (Runnable r : batch) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                    }
                }
                batch.clear();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    WsConn c = (WsConn) k.attachment();
                    try {
                        if (!k.isValid()) continue;
                        if (k.isConnectable()) {
                            connected(c);
                            continue;
                        }
                        if (k.isWritable()) c.flushPending();
                        if (k.isValid() && k.isReadable()) c.readable(readBuffer);
                    } catch (IOException | RuntimeException e) {
                        c.fail(e);
                    }
                }
            }
        }
    }
}
