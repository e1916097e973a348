package dev.confab.metrics;

import dev.confab.message.CommitMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The group commit's batch sizes and commit times as Micrometer meters. */
public final class MicrometerCommitMetrics implements CommitMetrics {
    private final DistributionSummary batchSizes;
    private final Timer commitTime;

    public MicrometerCommitMetrics(MeterRegistry registry) {
        this.batchSizes = DistributionSummary.builder("confab.commit.batch.size")
                .description("writes per store transaction")
                .publishPercentileHistogram()
                .register(registry);
        this.commitTime = Timer.builder("confab.commit.duration")
                .description("time to commit one batch")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void batchCommitted(int writes, long nanos) {
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
        batchSizes.record(writes);
    }
}
