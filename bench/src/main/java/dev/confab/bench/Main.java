package dev.confab.bench;

import java.util.Arrays;
import java.util.List;

/** {@code ./confab bench SCENARIO --store=sqlite|postgres [--option=value ...]}. */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: ./confab bench SCENARIO --store=sqlite|postgres [options]
              fanout    R groups of M members sending at ramped rates: deliveries/s, send-to-receive and send-to-ack latency
                        --rooms=100 --members=50 --rates=200,500,1000,2000 --warmup=3 --step=10 --stopP99Ms=1000
              direct    P one-to-one pairs chatting at ramped rates (same measures as fanout)
                        --pairs=2000 --rates=1000,2000,4000
              capacity  N idle authenticated sockets: server heap and RSS per connection
                        --connections=19000 --hold=30
              catchup   a device offline while K messages arrive across R rooms, then the time to have them all
                        --messages=10000 --rooms=100 --repeats=5 --warmups=10 (the first warm-up is the cold figure)
              history   page fetch latency on a store holding N messages (bulk-loaded with SQL)
                        --messages=10000000 --rooms=1000 --duration=20 --concurrency=1,4 --reuse=true
              search    search latency (MSG-7) per kind of query on a store holding N messages (bulk-loaded with SQL)
                        --messages=1000000 --rooms=1000 --myRooms=100 --duration=15 --reuse=true
              media     upload throughput (MB/s) of generated files, and thumbnail time per photo (issue 9)
                        --files=8 --sizeMb=64 --concurrency=1,4 --images=30 --width=4000 --height=3000
              chart     redraw a combined fan-out chart: chart OUT.png RESULT.json...
            common: --serverJvm="-Xms1g -Xmx4g" --jfr=FILE.jfr (server flight recording) --jfrSettings=profile or FILE.jfc --ioThreads=2
            fanout and direct: --nodes=N (with --store=postgres) runs N nodes on the Redis bus behind nginx
            """;

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        String scenario = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (scenario.equals("chart")) {
            FanoutChart.combined(rest);
            return;
        }
        Args args = new Args(rest);
        Bench b = new Bench(scenario, args);
        switch (scenario) {
            case "fanout", "direct" -> new ChatLoad(b).run();
            case "capacity" -> new Capacity(b).run();
            case "catchup" -> new Catchup(b).run();
            case "history" -> new History(b).run();
            case "search" -> new SearchBench(b).run();
            case "media" -> new MediaLoad(b).run();
            default -> {
                System.err.print(USAGE);
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
