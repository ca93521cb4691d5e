package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * {@link FidelityCheck.Submission#RECORDED_TIMES} against the default: on the thin stacks, where the pool hands new
 * blocks out in the order its worker finds the bios, the lower bios the default misses are those of bios that
 * arrived late behind the application's in-flight bound (a bio the model completed later than the kernel held the
 * next ones back); given the kernel's arrivals the model provisions them as the kernel did.
 */
class OpenLoopFidelityTest {

    @Test
    void thinSnapshotsGetTheKernelsBlocksWhenEveryBioArrivesAtItsRecordedTime() throws Exception {
        FidelityReport depth = FidelityCheckTest.check("real-thin-snap", Strategy.MODERN);
        FidelityReport open = FidelityCheckTest.check("real-thin-snap", Strategy.MODERN,
                FidelityCheck.Submission.RECORDED_TIMES);
        // 1400 of 1405 with the bound: five 4 KiB writes of one worker pass at 2.38 s arrived late and got each
        // other's blocks
        assertThat(depth.matched()).isLessThan(depth.bios());
        assertThat(open.matched()).isEqualTo(open.bios()).isEqualTo(1405);
        assertThat(open.notes()).anyMatch(n -> n.startsWith("open loop: every top-level bio entered the model"));
        assertThat(depth.notes()).noneMatch(n -> n.startsWith("open loop"));
    }

    @Test
    void cryptOverThinLosesFewerBlocksToLateArrivals() throws Exception {
        // with the bound 2698 of 2718: dmcrypt_write hands thin its writes late when fio's next write waited for a
        // completion the model gave later than the kernel; open loop 2704, the rest are worker passes the model's
        // dmcrypt_write timing still splits differently
        FidelityReport depth = FidelityCheckTest.check("real-crypt-thin", Strategy.MODERN);
        FidelityReport open = FidelityCheckTest.check("real-crypt-thin", Strategy.MODERN,
                FidelityCheck.Submission.RECORDED_TIMES);
        assertThat(open.bios()).isEqualTo(depth.bios()).isEqualTo(2718);
        assertThat(open.matched()).isGreaterThan(depth.matched()).isGreaterThanOrEqualTo(2704);
        // the latency stays within the goal either way
        FidelityReport.Latency crypt = open.latency().get("crypt");
        assertThat(crypt.ratio50()).isBetween(0.9, 1.1);
        assertThat(crypt.ratio90()).isBetween(0.9, 1.1);
        assertThat(crypt.ratio99()).isBetween(0.75, 1.25);
    }
}
