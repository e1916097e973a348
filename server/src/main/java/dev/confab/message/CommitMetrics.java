package dev.confab.message;

/** What the group commit reports about itself; the adapter in {@code metrics} records it with Micrometer. */
public interface CommitMetrics {
    /** One store transaction committed {@code writes} writes in {@code nanos}. */
    void batchCommitted(int writes, long nanos);
}
