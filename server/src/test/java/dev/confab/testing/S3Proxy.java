package dev.confab.testing;

import dev.confab.s3.S3MediaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A real S3-compatible server for tests: s3proxy (its shaded jar, copied to {@code target/s3proxy.jar}
 * by the build) in a process of its own over a temp directory, on a free port, with SigV4 required.
 * Without Java or the jar it throws: a media store test must fail, never skip, when it cannot run.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String ACCESS_KEY = "confab-test";
    public static final String SECRET_KEY = "confab-test-secret";
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final Process process;
    private final URI endpoint;

    public S3Proxy() {
        Path jar = Path.of(System.getProperty("confab.test.s3proxyJar", "target/s3proxy.jar"));
        if (!Files.isRegularFile(jar))
            throw new IllegalStateException(
                    jar.toAbsolutePath() + " is missing; mvn generate-test-resources copies it");
        try {
            dir = Files.createTempDirectory("confab-s3proxy");
            Files.createDirectories(dir.resolve("data"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            endpoint = URI.create("http://127.0.0.1:" + port);
            Files.writeString(
                    dir.resolve("s3proxy.conf"),
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS_KEY,
                            "s3proxy.credential=" + SECRET_KEY,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dir.resolve("data"),
                            ""));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(
                            java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", "s3proxy.conf"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
            awaitAnswer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
    }

    /** Polls until the server answers any HTTP request (a 403 for an unsigned one is an answer). */
    private void awaitAnswer() throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException("s3proxy exited " + process.exitValue() + ": " + log());
            try {
                http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while s3proxy started", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while s3proxy started", e);
            }
        }
        close();
        throw new IllegalStateException("s3proxy did not answer within " + START + ": " + log());
    }

    /** A new empty bucket (with the filesystem backend a bucket is a directory). */
    public String newBucket() {
        String name =
                "b" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            Files.createDirectories(dir.resolve("data").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3MediaStore.Settings settings(String bucket) {
        return new S3MediaStore.Settings(
                endpoint, bucket, "us-east-1", ACCESS_KEY, SECRET_KEY, "", Duration.ofSeconds(30));
    }

    /** Server settings (as flags without the dashes) that put blobs in {@code bucket}. */
    public java.util.Map<String, String> serverSettings(String bucket) {
        return java.util.Map.of(
                "media.s3.endpoint", endpoint.toString(),
                "media.s3.bucket", bucket,
                "media.s3.region", "us-east-1",
                "media.s3.accessKey", ACCESS_KEY,
                "media.s3.secretKey", SECRET_KEY);
    }

    /** The number of objects stored in {@code bucket}, straight from the backend's directory. */
    public long objects(String bucket) {
        try (var files = Files.walk(dir.resolve("data").resolve(bucket))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String log() {
        try {
            String s = Files.readString(dir.resolve("s3proxy.log"));
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
