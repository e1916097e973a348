package dev.confab.bench;

final class History {
    private final Bench b;

    History(Bench b) {
        this.b = b;
    }

    void run() throws Exception {
        throw new UnsupportedOperationException("History: " + b.scenario);
    }
}
