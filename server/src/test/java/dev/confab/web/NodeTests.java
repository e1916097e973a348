package dev.confab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the web client's npm test scripts (web/package.json) against a server this JVM
 * started, and fails with the end of its output when the script fails. The full output is kept in
 * server/target/web-tests/NAME.log.
 */
final class NodeTests {
    static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();

    private NodeTests() {}

    static void run(String name, URI server, Duration timeout, String... npmArgs)
            throws IOException, InterruptedException {
        Path logs = Path.of("target", "web-tests");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("npm", "run", "--silent"));
        command.addAll(List.of(npmArgs));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(WEB.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CONFAB_URL", server.toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("FORCE_COLOR", "0");
        Process p = pb.start();
        boolean finished = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String tail = out.length() > 12_000 ? out.substring(out.length() - 12_000) : out;
        assertThat(finished)
                .as("npm %s finished within %s; output:%n%s", String.join(" ", npmArgs), timeout, tail)
                .isTrue();
        assertThat(p.exitValue())
                .as("npm %s failed; output:%n%s", String.join(" ", npmArgs), tail)
                .isZero();
        // a runner that found nothing to run must not pass
        assertThat(out)
                .as("npm %s ran tests; output:%n%s", String.join(" ", npmArgs), tail)
                .containsPattern("Tests\\s+\\d+ passed");
    }
}
