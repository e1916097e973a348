package dev.confab.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, as its own process: {@code java [jvm options] -jar confab-server.jar
 * --http.port=... --store.url=... --auth.bcryptCost=4}. Separate so that its RSS and CPU can be read
 * from /proc and its heap from /metrics without the load generator's own memory mixed in.
 */
final class ServerProcess implements Target {
    private final Path jar;
    private final Store store;
    private final List<String> jvmOptions;
    private final List<String> extraFlags;
    private final Path log;
    final int port;
    private Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerProcess(Path jar, Store store, List<String> jvmOptions, List<String> extraFlags, Path workDir)
            throws IOException {
        this.jar = jar;
        this.store = store;
        this.jvmOptions = jvmOptions;
        this.extraFlags = extraFlags;
        this.log = workDir.resolve("server.log");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    List<String> command(List<String> moreJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(moreJvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--http.port=" + port);
        cmd.add("--store.url=" + store.serverUrl());
        if (store.user() != null) cmd.add("--store.user=" + store.user());
        cmd.add("--auth.bcryptCost=4");
        // The benchmark measures throughput, not abuse protection: per-user rate limits are lifted.
        for (String rate : List.of("send", "roomCreate", "inviteCreate", "join", "read", "avatar", "signup"))
            cmd.add("--rate." + rate + "=1000000/1s");
        // Every simulated device connects from this one address.
        cmd.add("--http.maxConnectionsPerAddress=1000000");
        cmd.addAll(extraFlags);
        return cmd;
    }

    void start(List<String> moreJvmOptions) throws IOException, InterruptedException {
        List<String> cmd = command(moreJvmOptions);
        Log.info("server: " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("CONFAB_LOG_LEVEL", "WARN");
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri("/readyz"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    Log.info("server ready: pid " + process.pid() + " port " + port);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready within 60 s; see " + log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return port;
    }

    /** Resident set size in bytes (VmRSS of /proc/PID/status). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }

    /** The soft limit on open files of the server process. */
    long maxOpenFiles() throws IOException {
        return openFileLimit(Path.of("/proc/" + pid() + "/limits"));
    }

    static long openFileLimit(Path limits) throws IOException {
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files"))
                return Long.parseLong(line.trim().split("\\s+")[3]);
        }
        return -1;
    }

    @Override
    public long cpuNanos() {
        return cpuNanosOf(pid());
    }

    /** User plus system CPU time of process {@code pid} so far, in nanoseconds. */
    static long cpuNanosOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Sum of a Prometheus metric's samples whose label set contains {@code labelFilter} (may be empty). */
    static double metric(String scrape, String name, String labelFilter) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            int sp = line.lastIndexOf(' ');
            String head = line.substring(0, sp);
            if (!(head.equals(name) || head.startsWith(name + "{"))) continue;
            if (!labelFilter.isEmpty() && !head.contains(labelFilter)) continue;
            sum += Double.parseDouble(line.substring(sp + 1));
        }
        return sum;
    }

    double heapUsedBytes() throws IOException, InterruptedException {
        return metric(metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Runs a jcmd diagnostic command in the server JVM. */
    void jcmd(String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("jcmd failed: " + cmd);
    }

    /** The top rows of the server's live-object class histogram (jcmd GC.class_histogram). */
    List<String> classHistogram(int rows) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        List<String> out = new ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; )
                if (out.size() < rows + 3) out.add(line);
                else break;
        }
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Asks the server JVM for a full collection (jcmd GC.run), so heap figures are live data. */
    void gc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1000);
    }

    /** SIGTERM, then wait for the graceful stop. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Log.info("server stopped (exit " + process.exitValue() + ")");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
