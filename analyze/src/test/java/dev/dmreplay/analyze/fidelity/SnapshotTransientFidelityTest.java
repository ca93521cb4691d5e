package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transient dm-snapshot with 8 KiB chunks ({@code traces/real-snap-transient}, captured on 6.1): no commits, so an
 * origin write waits for its chunks' copies alone. DM cuts a 32 KiB write into four chunks, the submitter makes a
 * kcopyd job for each, 15 us of CPU apart, and the kernel's worker, woken by the first ({@code queue_work}), issues
 * all four reads in one {@code do_work} under one plug: one 64-sector request on the origin disk, and the released
 * writes likewise. Where the model was behind the kernel's worker records (its own submission late behind the
 * in-flight bound), its worker ran each job the moment it was queued, each read a request of its own: the origin
 * disk got 2524 requests to the kernel's 2287, its queue grew, and a burst of 32 KiB writes at 0.59 s took 15 ms
 * where the kernel's took 4-6 ms (top Q2C p90 / p99 0.99 / 1.74 with seed 1, p99 1.73-1.92 over seeds 1-4). Such a
 * job now waits for the worker's wake-up with those queued meanwhile ({@code KcopydClient#lateRun}).
 */
class SnapshotTransientFidelityTest {
    private static FidelityReport check(long seed) throws Exception {
        TraceReplay.Setup setup = new TraceReplay.Setup(FidelityCheckTest.traces().resolve("real-snap-transient"), null,
                Strategy.MODERN.knobs, MemoryPressure.parse("none"), seed, ReplayMode.parse("timed", 32), Map.of(),
                0, 0, false, ReplayRun.Options.defaults());
        return FidelityCheck.run(setup, Strategy.MODERN.name(), FidelityCheck.MISMATCHES_SHOWN, null,
                FidelityCheck.Submission.APPLICATION_DEPTH);
    }

    @Test
    void theCopiesOfOneOriginWriteLeaveInOneWorkerRunAndMerge() throws Exception {
        double p99 = 0;
        for (long seed = 1; seed <= 4; seed++) {
            FidelityReport r = check(seed);
            assertThat(r.bios()).isEqualTo(1272);
            assertThat(r.matched()).as("seed %d", seed).isGreaterThanOrEqualTo(1271);
            FidelityReport.Pair copies = r.workerIo().get("base-real").get("snapshot-origin copy read");
            assertThat(copies.model()).isEqualTo(copies.kernel()).isEqualTo(3696);
            // the origin disk's requests: 2406 of the kernel's 2287 with seed 1 (2524 before)
            FidelityReport.Pair vda = r.dispatches().get("254:0");
            assertThat((double) vda.model() / vda.kernel()).as("seed %d", seed).isLessThan(1.07);
            FidelityReport.Latency base = r.latency().get("base");
            assertThat(base.ratio50()).as("seed %d", seed).isBetween(0.9, 1.1);
            assertThat(base.ratio90()).as("seed %d", seed).isBetween(0.9, 1.1);
            p99 += base.ratio99() / 4;
        }
        // one seed of four still has a tail of 1.48: the mean is within the goal (1.07), each seed not yet
        assertThat(p99).isBetween(0.75, 1.25);
    }
}
