package dev.confab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Latency versus deliveries per second, from one fan-out run or several result files. */
final class FanoutChart {
    private FanoutChart() {}

    static void single(Path png, String title, List<java.util.Map<String, Object>> steps) throws Exception {
        JsonNode node = Api.JSON.valueToTree(steps);
        Chart.render(
                png,
                title,
                "deliveries per second (sustained, per step)",
                "send-to-receive latency",
                series("", node, 0),
                50);
    }

    private static List<Chart.Series> series(String prefix, JsonNode steps, int colorBase) {
        String[][] which = {{"p50", "receiveP50Ms"}, {"p99", "receiveP99Ms"}, {"p99.9", "receiveP999Ms"}};
        List<Chart.Series> out = new ArrayList<>();
        for (int i = 0; i < which.length; i++) {
            List<double[]> pts = new ArrayList<>();
            for (JsonNode s : steps)
                pts.add(new double[] {
                    s.path("deliveriesPerSec").asDouble(), s.path(which[i][1]).asDouble()
                });
            Color c = Chart.PALETTE[(colorBase + i) % Chart.PALETTE.length];
            out.add(new Chart.Series(prefix + which[i][0], c, colorBase > 0, pts));
        }
        return out;
    }

    /** {@code chart OUT.png a.json[=label] b.json[=label] ...}: one set of p50/p99/p99.9 lines per result file. */
    static void combined(List<String> args) throws Exception {
        if (args.size() < 2) throw new IllegalArgumentException("usage: chart OUT.png RESULT.json...");
        List<Chart.Series> all = new ArrayList<>();
        String scenario = "";
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            JsonNode r = Api.JSON.readTree(
                    Path.of(eq < 0 ? arg : arg.substring(0, eq)).toFile());
            scenario = r.path("scenario").asText();
            String label = eq < 0 ? r.path("store").asText() : arg.substring(eq + 1);
            all.addAll(series(label + " ", r.path("steps"), i == 1 ? 0 : 3));
        }
        Chart.render(
                Path.of(args.get(0)),
                scenario + ": latency vs deliveries/s",
                "deliveries per second (sustained, per step)",
                "send-to-receive latency",
                all,
                50);
    }
}
