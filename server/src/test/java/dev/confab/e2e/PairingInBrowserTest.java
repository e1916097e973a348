package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.confab.client.ConfabClient;
import dev.confab.client.RawResponse;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The new device's half of QR-code login in headless Chromium, with WebCrypto alone: it makes its
 * key, opens the pairing socket, and opens the sealed session after a signed-in user approved it
 * over REST. Proves the sealing is what a browser can open, not only what our Java test code can.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PairingInBrowserTest extends ServerPerStore {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBrowserPairsWithWebCryptoAndGetsAWorkingSession() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "needs Chromium at " + CHROMIUM);
        ConfabClient alice = server.newUser("Alice");
        LinkedBlockingQueue<JsonNode> reports = new LinkedBlockingQueue<>();
        HttpServer reporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reporter.createContext("/", ex -> {
            reports.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        reporter.start();
        Path page = Files.createTempFile("pairing", ".html");
        Path profile = Files.createTempDirectory("chromium-profile");
        Files.copy(
                PairingInBrowserTest.class.getResourceAsStream("/browser/pairing.html"),
                page,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String url = page.toUri() + "?server=" + server.base().getAuthority() + "&report="
                + URLEncoder.encode(
                        "http://127.0.0.1:" + reporter.getAddress().getPort() + "/", StandardCharsets.UTF_8);
        Process chromium = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            JsonNode pairing = next(reports, "pairing");
            assertThat(pairing.get("qr").asText())
                    .isEqualTo("confab-pair:" + pairing.get("pairingId").asText() + "."
                            + pairing.get("publicKey").asText());
            String id = pairing.get("pairingId").asText();
            JsonNode requester = JSON.readTree(alice.raw("POST", "/api/v1/pairing/" + id + "/inspect", null)
                    .body());
            assertThat(requester.get("publicKey").asText())
                    .isEqualTo(pairing.get("publicKey").asText());
            assertThat(requester.get("userAgent").asText()).contains("Chrome");
            RawResponse ok = alice.raw(
                    "POST",
                    "/api/v1/pairing/" + id + "/approve",
                    "{\"checkCode\":\"" + pairing.get("checkCode").asText() + "\"}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);

            JsonNode grant = next(reports, "approved").get("grant");
            assertThat(grant.get("userId").asLong()).isEqualTo(alice.user().id());
            assertThat(ConfabClient.withToken(server.base(), grant.get("token").asText())
                            .me()
                            .username())
                    .isEqualTo(alice.user().username());
        } finally {
            // Chromium's helpers (network, renderer) outlive its main process for a moment and keep
            // writing temporary files into the profile: stop and wait for them all before deleting it.
            List<ProcessHandle> helpers = chromium.descendants().toList();
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) chromium.destroyForcibly();
            for (ProcessHandle h : helpers) {
                h.destroy();
                h.onExit().get(10, TimeUnit.SECONDS);
            }
            reporter.stop(0);
            Files.deleteIfExists(page);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (java.io.UncheckedIOException vanishedWhileWalking) {
                // a file removed by its writer as the walk reached it; the rest stays in /tmp, the test is done
            }
        }
    }

    /** The next report of this step; an error report fails at once. */
    private static JsonNode next(LinkedBlockingQueue<JsonNode> reports, String step) throws InterruptedException {
        while (true) {
            JsonNode r = reports.poll(60, TimeUnit.SECONDS);
            assertThat(r).as("the browser reported " + step).isNotNull();
            if (r.path("step").asText().equals(step)) return r;
            assertThat(r.path("step").asText()).as(r.toString()).isNotEqualTo("error");
        }
    }
}
