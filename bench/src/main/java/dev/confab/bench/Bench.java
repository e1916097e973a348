package dev.confab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every scenario shares: options, the store, the server process, and the result skeleton. */
final class Bench {
    final String scenario;
    final Args args;
    final Store store;
    final Path workDir = Path.of("bench", "work").toAbsolutePath();
    final Path serverJar;
    final List<String> serverJvm;
    final String jfr;
    /** A JFR settings name or .jfc file; e.g. one sampling every millisecond for short scenarios. */
    final String jfrSettings;

    final int nodes;
    final Map<String, Object> result = new LinkedHashMap<>();

    Bench(String scenario, Args args) throws IOException {
        this.scenario = scenario;
        this.args = args;
        String storeKind = args.string("store", "sqlite");
        this.store = Store.of(storeKind, workDir, scenario);
        this.serverJar = Path.of(args.string("serverJar", "server/target/confab-server.jar"))
                .toAbsolutePath();
        if (!Files.exists(serverJar))
            throw new IllegalStateException("no server jar at " + serverJar + "; run ./confab build");
        String jvm = args.string("serverJvm", "-Xms1g -Xmx4g");
        this.serverJvm = new ArrayList<>(Arrays.asList(jvm.trim().split("\\s+")));
        this.serverJvm.add("--enable-native-access=ALL-UNNAMED");
        this.jfr = args.string("jfr", "");
        this.jfrSettings = args.string("jfrSettings", "profile");
        this.nodes = args.integer("nodes", 1);
        if (nodes > 1 && !scenario.equals("fanout") && !scenario.equals("direct"))
            throw new IllegalArgumentException("--nodes applies to fanout and direct only");
        result.put("scenario", scenario);
        result.put("store", store.kind());
        result.put("machine", Results.machine());
        result.put("loadBefore", Results.loadAverage());
    }

    /** A server on a fresh (or kept) store; with --jfr=FILE it records a flight recording. */
    ServerProcess server(boolean fresh, String... extraFlags) throws IOException, InterruptedException, SQLException {
        Files.createDirectories(workDir);
        if (fresh) store.recreate();
        ServerProcess s = new ServerProcess(serverJar, store, serverJvm, List.of(extraFlags), workDir);
        List<String> more = new ArrayList<>();
        s.start(more);
        result.put(
                "server",
                Map.of(
                        "jvm",
                        String.join(" ", serverJvm) + (more.isEmpty() ? "" : " " + String.join(" ", more)),
                        "flags",
                        List.of(extraFlags),
                        "maxOpenFiles",
                        s.maxOpenFiles()));
        return s;
    }

    /**
     * What a load runs against: with {@code --nodes=N} (N > 1, PostgreSQL) N servers on the Redis bus
     * behind nginx, otherwise {@link #server}.
     */
    Target target(boolean fresh, String... extraFlags) throws Exception {
        if (nodes <= 1) return server(fresh, extraFlags);
        Files.createDirectories(workDir);
        if (fresh) store.recreate();
        Cluster c = new Cluster(this, nodes, List.of(extraFlags));
        result.put("server", Map.of("jvm", String.join(" ", serverJvm), "nodes", nodes, "proxy", "nginx"));
        return c;
    }

    /** With --jfr=FILE: starts a flight recording (profile settings) in the server, e.g. once set-up is done. */
    void startProfile(ServerProcess s) throws IOException, InterruptedException {
        if (jfr.isEmpty()) return;
        s.jcmd("JFR.start", "name=bench", "settings=" + jfrSettings);
        result.put("jfr", Path.of(jfr).toString());
    }

    void stopProfile(ServerProcess s) throws IOException, InterruptedException {
        if (jfr.isEmpty()) return;
        s.jcmd("JFR.stop", "name=bench", "filename=" + Path.of(jfr).toAbsolutePath());
        Log.info("flight recording: " + jfr);
    }

    Path finish(String markdown) throws IOException {
        result.put("loadAfter", Results.loadAverage());
        result.put("options", args.used);
        String head = "### " + scenario + " on " + store.kind()
                + (nodes > 1 ? ", " + nodes + " nodes behind nginx" : "")
                + " (" + ((Map<?, ?>) result.get("machine")).get("date")
                + ")\n\n" + "Load average before/after: " + result.get("loadBefore") + " / " + result.get("loadAfter")
                + "\n\n";
        Path base = Results.write(scenario, store.kind(), result, head + markdown);
        System.out.println(head + markdown);
        return base;
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }
}
