package dev.confab.bench;

final class Capacity {
    private final Bench b;

    Capacity(Bench b) {
        this.b = b;
    }

    void run() throws Exception {
        throw new UnsupportedOperationException("Capacity: " + b.scenario);
    }
}
