package dev.confab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built browser client as the server serves it: cache lifetimes, compression, CSP, client routes. */
class WebClientServingTest {
    private static TestServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(StoreKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base().resolve(path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) throws Exception {
        byte[] body = r.body();
        if ("gzip".equals(r.headers().firstValue("Content-Encoding").orElse(null))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void indexIsRevalidatedAndCarriesAStrictPolicy() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains(
                        "script-src 'self'",
                        "media-src 'self' blob:",
                        "connect-src 'self'",
                        "object-src 'none'",
                        "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        String html = text(r);
        assertThat(html).contains("<div id=\"app\">");
        // no inline script: every script tag loads a file
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                        .matcher(html)
                        .find())
                .isFalse();
    }

    @Test
    void clientRoutesGetTheAppButApiAndMissingFilesStay404() throws Exception {
        HttpResponse<byte[]> join = get("/join/AbC123");
        assertThat(join.statusCode()).isEqualTo(200);
        assertThat(text(join)).contains("<div id=\"app\">");
        assertThat(join.headers().firstValue("Cache-Control")).hasValue("no-cache");

        HttpResponse<byte[]> api = get("/api/v1/nothing-here");
        assertThat(api.statusCode()).isIn(401, 404);
        assertThat(text(api)).contains("\"error\"");
        assertThat(get("/assets/missing-0000.js").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isIn(400, 404); // Jetty refuses an ambiguous path first
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void hashedAssetsAreImmutableAndGzipped() throws Exception {
        String html = text(get("/"));
        Matcher m = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertThat(m.find()).as("index.html loads a hashed script").isTrue();
        String script = m.group(1);

        HttpResponse<byte[]> plain = get(script);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(plain.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();

        HttpResponse<byte[]> gz = get(script, "Accept-Encoding", "gzip, br");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gz.body().length).isLessThan(plain.body().length);
        assertThat(text(gz)).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));

        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(get(script, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }
}
