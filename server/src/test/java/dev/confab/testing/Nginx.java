package dev.confab.testing;

import dev.confab.client.ConfabClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in front of some nodes, with the harness's own configuration
 * (deploy/nginx-cluster.conf.template): round robin, no sticky sessions, a node that fails skipped
 * for 2 s. Runs in the foreground as a child of the test, on a free port.
 */
public final class Nginx implements AutoCloseable {
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("CONFAB_TEST_NGINX", "/usr/sbin/nginx"));

    private final Process process;
    private final URI front;

    public Nginx(List<Integer> nodePorts) throws Exception {
        Path state = Files.createTempDirectory("confab-nginx");
        Files.createDirectories(state.resolve("nginx-tmp"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder upstreams = new StringBuilder();
        for (int p : nodePorts)
            upstreams.append("        server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=2s;\n");
        String template = Files.readString(locate("deploy/nginx-cluster.conf.template"));
        Files.writeString(
                state.resolve("nginx.conf"),
                template.replace("@STATE@", state.toString())
                        .replace("@PORT@", String.valueOf(port))
                        .replace("@UPSTREAMS@", upstreams)
                        .replace("events { worker_connections 16384; }", "events { worker_connections 1024; }")
                        .replaceFirst("worker_processes 1;", "worker_processes 1;\ndaemon off;"));
        process = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        state.toString(),
                        "-c",
                        state.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("nginx.out").toFile())
                .start();
        front = URI.create("http://127.0.0.1:" + port);
        boolean answers = SocketRecorder.await(Duration.ofSeconds(30), () -> {
            try {
                return ConfabClient.withToken(front, null)
                                .raw("GET", "/readyz", null)
                                .status()
                        == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        if (!answers) {
            close();
            throw new IllegalStateException("nginx did not answer; see " + state.resolve("nginx.out"));
        }
    }

    /** Where clients connect. */
    public URI front() {
        return front;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file of the repository, whether the tests run from its root or from server/. */
    private static Path locate(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) return p.resolve(relative);
        }
        throw new AssertionError(relative + " not found above " + here);
    }
}
