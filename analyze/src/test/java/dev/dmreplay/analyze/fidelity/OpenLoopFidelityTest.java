package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * {@link FidelityCheck.Submission#RECORDED_TIMES} against the default, the replay's in-flight bound: the model
 * gets the kernel's arrivals, and loses what the application's pacing did to the stack.
 */
class OpenLoopFidelityTest {

    @Test
    void thinPassesGetTheKernelsBlocksWhenEveryBioArrivesAtItsRecordedTime() throws Exception {
        // the bound delays a few writes of real-thin-snap (up to 2.9 ms behind a bio the model completed later than
        // the kernel): a worker pass waits up to 2 ms for its cells, and the writes that come later miss it and get
        // each other's blocks (1399 of 1405); given the kernel's arrivals the model provisions all as the kernel did
        FidelityReport depth = FidelityCheckTest.check("real-thin-snap", Strategy.MODERN);
        FidelityReport open = FidelityCheckTest.check("real-thin-snap", Strategy.MODERN,
                FidelityCheck.Submission.RECORDED_TIMES);
        assertThat(depth.matched()).isGreaterThanOrEqualTo(1399);
        assertThat(open.matched()).isEqualTo(open.bios()).isEqualTo(1405);
        assertThat(open.notes()).anyMatch(n -> n.startsWith("open loop: every top-level bio entered the model"));
        assertThat(depth.notes()).noneMatch(n -> n.startsWith("open loop"));
    }

    @Test
    void withoutTheApplicationsPacingASnapshotBatchesMoreWritesPerCommit() throws Exception {
        // fio's psync and queue-depth jobs wait for their completions, so writes stop arriving while a snapshot
        // commits; let in at their recorded times they keep arriving, and more of them share a commit
        FidelityReport depth = FidelityCheckTest.check("snapshot-small", Strategy.MODERN);
        FidelityReport open = FidelityCheckTest.check("snapshot-small", Strategy.MODERN,
                FidelityCheck.Submission.RECORDED_TIMES);
        FidelityReport.Pair depthCommits = depth.workerIo().get("base-cow").get("snapshot-cow metadata commit");
        FidelityReport.Pair openCommits = open.workerIo().get("base-cow").get("snapshot-cow metadata commit");
        assertThat(openCommits.kernel()).isEqualTo(depthCommits.kernel()).isEqualTo(922);
        assertThat(depthCommits.model()).isBetween(912L, 932L);
        assertThat(openCommits.model()).isLessThan(depthCommits.model());
        assertThat(open.matched()).isEqualTo(open.bios());
    }
}
