package dev.dmreplay.replay.target.raid1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real dm-raid raid1 capture with a resync running under fio ({@code traces/real-raid1-resync}, kernel 6.1):
 * the kernel did not stall (Q2C of r1's bios at most 64 ms), so the replay must not either. Until session 7 it
 * ended STALL: the survey paired Q records of resync reads that had merged (no D of their own) with fio's writes
 * dispatched seconds later at the same sectors, so the leaves' trace-driven queue-to-dispatch times drew 1.7 to
 * 2.3 s for 4 KiB mirror writes; raise_barrier waited for them, fio's writes waited on the barrier.
 */
class RealRaid1ResyncTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-raid1-resync");

    @Test
    void theResyncUnderFioReplaysWithoutStallingAndEveryBioCompletesInKernelTime() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, Strategy.DF.knobs,
                MemoryPressure.parse("none"), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.stalls()).isZero();
        assertThat(r.completed()).isEqualTo(r.submitted()).isEqualTo(1354);
        assertThat(r.maxLatencyNs()).as("slowest top-level bio (kernel: 64 ms)").isLessThan(100_000_000L);
    }
}
