package dev.confab.bench;

final class Catchup {
    private final Bench b;

    Catchup(Bench b) {
        this.b = b;
    }

    void run() throws Exception {
        throw new UnsupportedOperationException("Catchup: " + b.scenario);
    }
}
