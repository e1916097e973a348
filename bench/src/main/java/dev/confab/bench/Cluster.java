package dev.confab.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code --nodes=N}: N server processes on one PostgreSQL store and the local Redis (the bus),
 * behind Debian's nginx with round robin and no sticky sessions, configured from the same template
 * as {@code ./confab cluster up}. Each node's CPU and metrics are summed; nginx's CPU is kept apart.
 */
final class Cluster implements Target {
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final Process nginx;
    private final int port;

    Cluster(Bench b, int n, List<String> extraFlags) throws Exception {
        if (b.store.isSqlite()) throw new IllegalArgumentException("--nodes needs --store=postgres");
        String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8);
        List<String> flags = new ArrayList<>(extraFlags);
        flags.add("--bus.redisUrl=" + System.getProperty("confab.bench.redis", "redis://127.0.0.1:6379"));
        flags.add("--bus.prefix=" + prefix);
        flags.add("--media.dir=" + b.workDir.resolve("cluster-media"));
        StringBuilder upstreams = new StringBuilder();
        try {
            for (int i = 0; i < n; i++) {
                ServerProcess node = new ServerProcess(b.serverJar, b.store, b.serverJvm, flags, b.workDir);
                node.start(List.of()); // one after the other: the first one migrates the store
                nodes.add(node);
                // a connect storm on a loaded machine must not take a node out of rotation: this measures throughput,
                // not failover
                upstreams.append("        server 127.0.0.1:").append(node.port).append(" max_fails=0;\n");
            }
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = b.workDir.resolve("nginx");
            Files.createDirectories(dir.resolve("nginx-tmp"));
            String conf = Files.readString(Path.of("deploy", "nginx-cluster.conf.template"))
                    .replace("@STATE@", dir.toString())
                    .replace("@PORT@", String.valueOf(port))
                    .replace("@UPSTREAMS@", upstreams.toString().stripTrailing());
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", confFile.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("nginx.out").toFile()))
                    .start();
            awaitListening(port);
            Log.info("cluster: " + n + " nodes behind nginx on port " + port);
        } catch (Exception e) {
            nodes.forEach(ServerProcess::close);
            throw e;
        }
    }

    private void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > deadline)
                    throw new IOException("nginx did not start; see bench/work/nginx/", e);
                Thread.sleep(50);
            }
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long cpuNanos() {
        long sum = 0;
        for (ServerProcess node : nodes) sum += node.cpuNanos();
        return sum;
    }

    /** nginx's CPU time so far (its master and its worker), in nanoseconds. */
    long proxyCpuNanos() {
        return ServerProcess.cpuNanosOf(nginx.pid())
                + nginx.descendants()
                        .mapToLong(p -> ServerProcess.cpuNanosOf(p.pid()))
                        .sum();
    }

    @Override
    public String metrics() throws IOException, InterruptedException {
        StringBuilder all = new StringBuilder();
        for (ServerProcess node : nodes) all.append(node.metrics()).append('\n');
        return all.toString();
    }

    @Override
    public void close() {
        nginx.destroy();
        try {
            nginx.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.forEach(ServerProcess::close);
    }
}
