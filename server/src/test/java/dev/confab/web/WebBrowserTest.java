package dev.confab.web;

import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The web client's end-to-end tests (web/e2e, playwright-core driving Debian's Chromium) against a
 * real server serving the built client from the classpath. They exercise the client, not the
 * store, so they run on SQLite only; WebProtocolTest covers both stores.
 */
class WebBrowserTest {
    @Test
    void browserTestsPass() throws Exception {
        // a QR code's lifetime of 25 s instead of 60: the test that lets one run out waits it in real time
        try (TestServer server = TestServer.start(StoreKind.SQLITE, java.util.Map.of("pairing.ttlSeconds", "25"))) {
            NodeTests.run("e2e", server.base(), Duration.ofMinutes(12), "test:e2e");
        }
    }
}
