package dev.confab.bench;

import java.io.IOException;

/** What a load generator talks to and reads figures from: one server, or several behind nginx. */
interface Target extends AutoCloseable {
    /** The port clients connect to. */
    int port();

    /** User plus system CPU time of the server processes so far, in nanoseconds. */
    long cpuNanos();

    /** The Prometheus scrape; with several nodes, all of theirs one after the other, so sums add up. */
    String metrics() throws IOException, InterruptedException;

    @Override
    void close();
}
