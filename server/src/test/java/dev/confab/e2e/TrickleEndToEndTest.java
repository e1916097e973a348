package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ConfabClient;
import dev.confab.testing.RawHttp;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections that trickle (a header line or a body byte every second) are cut once their total
 * deadline passes, however steadily they send; and one address holds only so many connections.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class TrickleEndToEndTest {
    /** Far more than the deadlines below: without them, a trickling connection lasts this long and longer. */
    private static final int MAX_TRICKLES = 20;

    @Parameter
    StoreKind kind;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void headersTricklingInAreCutAtTheHeaderDeadline() throws Exception {
        server = TestServer.start(kind, Map.of("http.headerTimeoutMillis", "2000", "http.bodyTimeoutMillis", "2000"));
        try (RawHttp http = new RawHttp(server.base())) {
            http.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            int lines = trickleUntilCut(http, i -> "X-Slow-" + i + ": yes\r\n");
            assertThat(lines).as("header lines sent before the cut").isLessThan(MAX_TRICKLES);
        }
        assertThat(ConfabClient.withToken(server.base(), null)
                        .raw("GET", "/healthz", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aBodyTricklingInIsCutAtTheBodyDeadline() throws Exception {
        server = TestServer.start(kind, Map.of("http.headerTimeoutMillis", "2000", "http.bodyTimeoutMillis", "2000"));
        try (RawHttp http = new RawHttp(server.base())) {
            http.write("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n");
            int bytes = trickleUntilCut(http, i -> "x");
            assertThat(bytes).as("body bytes sent before the cut").isLessThan(MAX_TRICKLES);
        }
    }

    @Test
    void aKeptAliveConnectionGetsTheDeadlineAgainForItsNextRequest() throws Exception {
        server = TestServer.start(kind, Map.of("http.headerTimeoutMillis", "2000", "http.bodyTimeoutMillis", "2000"));
        try (RawHttp http = new RawHttp(server.base())) {
            http.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            // wait for the answer, then trickle the next request on the same connection
            byte[] answer = new byte[512];
            assertThat(new String(answer, 0, http.readSome(answer), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200");
            http.write("GET /healthz HTTP/1.1\r\n");
            assertThat(trickleUntilCut(http, i -> "X-Slow-" + i + ": yes\r\n")).isLessThan(MAX_TRICKLES);
        }
    }

    @Test
    void oneAddressHoldsOnlySoManyConnections() throws Exception {
        server = TestServer.start(kind, Map.of("http.maxConnectionsPerAddress", "4"));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) held.add(connect("127.0.0.1"));
            Thread.sleep(200);
            for (Socket s : held)
                assertThat(closedByServer(s, 500)).as("within the cap").isFalse();
            try (Socket extra = connect("127.0.0.1")) {
                assertThat(closedByServer(extra, 10_000))
                        .as("the fifth connection from one address")
                        .isTrue();
            }
            // Another address is not affected.
            try (Socket other = connect("127.0.0.2")) {
                other.getOutputStream()
                        .write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                other.setSoTimeout(10_000);
                assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 200");
            }
            // Closing one frees its place.
            held.removeFirst().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Socket again = connect("127.0.0.1");
                if (!closedByServer(again, 300)) {
                    held.add(again);
                    break;
                }
                again.close();
                assertThat(System.nanoTime()).as("a place was freed").isLessThan(deadline);
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }

    private Socket connect(String from) throws IOException {
        return new Socket(InetAddress.getByName("127.0.0.1"), server.base().getPort(), InetAddress.getByName(from), 0);
    }

    private static boolean closedByServer(Socket s, int waitMillis) throws IOException {
        s.setSoTimeout(waitMillis);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends one piece a second until the server closes the connection; returns how many pieces went out. */
    private static int trickleUntilCut(RawHttp http, java.util.function.IntFunction<String> piece) throws Exception {
        for (int i = 0; i < MAX_TRICKLES; i++) {
            try {
                http.write(piece.apply(i));
            } catch (IOException e) {
                return i;
            }
            long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < next) {
                if (http.closedByServer()) return i + 1;
            }
        }
        return MAX_TRICKLES;
    }
}
