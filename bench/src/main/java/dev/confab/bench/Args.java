package dev.confab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --key=value} options; every key a scenario reads is recorded, unknown ones are refused. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();
    final Map<String, Object> used = new LinkedHashMap<>();

    Args(List<String> args) {
        for (String a : args) {
            if (!a.startsWith("--")) throw new IllegalArgumentException("options look like --key=value, got: " + a);
            int eq = a.indexOf('=');
            if (eq < 0) values.put(a.substring(2), "true");
            else values.put(a.substring(2, eq), a.substring(eq + 1));
        }
    }

    String string(String key, String dflt) {
        read.add(key);
        String v = values.getOrDefault(key, dflt);
        used.put(key, v);
        return v;
    }

    int integer(String key, int dflt) {
        int v = Integer.parseInt(string(key, String.valueOf(dflt)).replace("_", ""));
        used.put(key, v);
        return v;
    }

    long longValue(String key, long dflt) {
        long v = Long.parseLong(string(key, String.valueOf(dflt)).replace("_", ""));
        used.put(key, v);
        return v;
    }

    boolean flag(String key, boolean dflt) {
        boolean v = Boolean.parseBoolean(string(key, String.valueOf(dflt)));
        used.put(key, v);
        return v;
    }

    /** Seconds, as {@code 10} or {@code 10s}. */
    Duration seconds(String key, long dflt) {
        String s = string(key, String.valueOf(dflt));
        Duration d = Duration.ofMillis((long) (Double.parseDouble(s.replaceAll("s$", "")) * 1000));
        used.put(key, d.toMillis() / 1000.0);
        return d;
    }

    List<Integer> integers(String key, String dflt) {
        List<Integer> out = new ArrayList<>();
        for (String p : string(key, dflt).split(","))
            if (!p.isBlank()) out.add(Integer.parseInt(p.trim().replace("_", "")));
        used.put(key, out);
        return out;
    }

    /** Fails on options nobody read: a typo must not silently run with defaults. */
    void checkAllRead() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) throw new IllegalArgumentException("unknown option --" + k);
        }
    }
}
