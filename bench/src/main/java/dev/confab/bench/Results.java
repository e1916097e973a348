package dev.confab.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON result files, markdown tables and machine facts. */
final class Results {
    private Results() {}

    static final Path DIR = Path.of("bench", "results");

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memTotalKiB", procValue("/proc/meminfo", "MemTotal:"));
        m.put("cpu", cpuModel());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static long procValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException ignored) {
            // absent on this OS
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name"))
                    return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException ignored) {
            // absent on this OS
        }
        return "?";
    }

    /** CPU time of this (load generator) process in nanoseconds. */
    static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Writes {@code <scenario>-<store>-<stamp>.json} and {@code .md}; returns the path without extension. */
    static Path write(String scenario, String store, Map<String, Object> result, String markdown) throws IOException {
        Files.createDirectories(DIR);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = DIR.resolve(scenario + "-" + store + "-" + stamp);
        Api.JSON
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(Path.of(base + ".json").toFile(), result);
        Files.writeString(Path.of(base + ".md"), markdown);
        Log.info("wrote " + base + ".json and .md");
        return base;
    }

    /** A markdown table from a header row and data rows. */
    static String table(List<String> header, List<List<Object>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) b.append("---|");
        b.append('\n');
        for (List<Object> r : rows) {
            b.append("| ");
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) b.append(" | ");
                b.append(cell(r.get(i)));
            }
            b.append(" |\n");
        }
        return b.toString();
    }

    static String cell(Object v) {
        if (v instanceof Double d) {
            if (Double.isNaN(d)) return "–";
            double a = Math.abs(d);
            if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
            if (a >= 100) return String.format(Locale.ROOT, "%.0f", d);
            if (a >= 10) return String.format(Locale.ROOT, "%.1f", d);
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (v instanceof Long || v instanceof Integer)
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        return String.valueOf(v);
    }
}
