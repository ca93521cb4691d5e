package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopLevelLatencyTest {

    @Test
    void q2cThroughputAndDelayedSubmissions() {
        Obs o = new Obs()
                .submit(0, "t1", 1, 8)
                .waitBegin(0, "t1", "mempool md->bs of X", "mempool_alloc")
                .leaf(1_000, 2)
                .waitEnd(1_000, "t1", "mempool md->bs of X", "mempool_alloc", 1_000)
                .submit(1_000, "t1", 3, 8)     // t1 slept since its last submission: delayed
                .submit(1_500, "t2", 4, 16)
                .top(2_000, "t1", 1, 2_000)
                .top(3_000, "t1", 3, 2_000)
                .topError(4_000, "t2", 4, 16, 2_500, 10);
        TopLevelLatency l = new TopLevelLatency();
        o.feed(l);
        TopLevelLatency.Report r = l.report();
        assertThat(r.submitted()).isEqualTo(3);
        assertThat(r.completed()).isEqualTo(3);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.unfinished()).isZero();
        assertThat(r.delayedSubmissions()).isEqualTo(1);
        assertThat(r.correctionAvailable()).isFalse();
        assertThat(r.q2c().count()).isEqualTo(3);
        assertThat(r.q2c().min()).isEqualTo(2_000);
        assertThat(r.q2c().max()).isEqualTo(2_500);
        assertThat(r.q2c().total()).isEqualTo(6_500);
        assertThat(r.q2cCorrected()).isEqualTo(r.q2c());
        assertThat(r.spanNs()).isEqualTo(4_000);
        assertThat(r.iops()).isEqualTo(3 * 1e9 / 4_000);
        assertThat(r.mibPerSecond()).isEqualTo(32 * 512.0 / (1 << 20) * 1e9 / 4_000);
        // completions at 2, 3 and 4 us, one per 1 us bucket
        assertThat(r.completions().counts()).containsExactly(0, 0, 1, 1, 1);
        // the distribution function runs from the shortest to the longest Q2C
        assertThat(r.q2cCdf().values()).hasSize(103).startsWith(2_000L).endsWith(2_500L).isSorted();
        assertThat(r.q2cCdf().fractions()).startsWith(0.0).endsWith(1.0).isSorted();
    }

    @Test
    void correctionCountsFromTheIntendedSubmitTime() {
        Obs o = new Obs()
                .submitIntended(10_000, "t1", 1, 8, 10_000)
                .submitIntended(50_000, "t1", 2, 8, 20_000)   // recorded at 20 us, submitted at 50 us
                .top(60_000, "t1", 1, 50_000)
                .top(70_000, "t1", 2, 20_000)
                .submit(80_000, "t2", 3, 8);
        TopLevelLatency l = new TopLevelLatency();
        o.feed(l);
        TopLevelLatency.Report r = l.report();
        assertThat(r.correctionAvailable()).isTrue();
        assertThat(r.q2c().max()).isEqualTo(50_000);
        assertThat(r.q2c().min()).isEqualTo(20_000);
        assertThat(r.q2cCorrected().max()).isEqualTo(50_000);
        assertThat(r.q2cCorrected().total()).isEqualTo(100_000);
        assertThat(r.unfinished()).isEqualTo(1);
    }
}
