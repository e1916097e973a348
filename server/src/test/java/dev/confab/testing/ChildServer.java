package dev.confab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ConfabClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server in a JVM of its own, for the tests that must kill it (SIGKILL: no shutdown hook runs) or
 * give it a heap of its own. It runs from this test's class path, so it is the code under test.
 */
public final class ChildServer {
    private ChildServer() {}

    /** Starts {@code dev.confab.app.Main} with these JVM options and {@code --key=value} flags (empty values left out). */
    public static Process start(List<String> jvmOptions, Map<String, String> settings) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.confab.app.Main"));
        settings.forEach((k, v) -> {
            if (!v.isEmpty()) cmd.add("--" + k + "=" + v);
        });
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits (up to 90 s: a cold JVM on a busy machine) until the server at {@code base} says it is ready. */
    public static void awaitReady(URI base) {
        ConfabClient probe = ConfabClient.withToken(base, null);
        boolean ready = SocketRecorder.await(Duration.ofSeconds(90), () -> {
            try {
                return probe.raw("GET", "/readyz", null).status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertThat(ready).as("server at %s became ready", base).isTrue();
    }
}
