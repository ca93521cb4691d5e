package dev.dmreplay.analyze.latency;

import static dev.dmreplay.analyze.btt.Ev.DM0;
import static dev.dmreplay.analyze.btt.Ev.SDA;
import static dev.dmreplay.analyze.btt.Ev.SDB;
import static dev.dmreplay.analyze.btt.Ev.ev;
import static dev.dmreplay.analyze.btt.Ev.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dmreplay.analyze.btt.Ev;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial traces and dmreplay's statistics beyond btt, on hand-built records. */
class TraceAnalyzerTest {

    static Analysis run(List<BlockEvent> events) {
        TraceAnalyzer a = new TraceAnalyzer(10_000, true, false);
        events.forEach(a::accept);
        return a.finish();
    }

    static LatencyDistribution dist(Analysis a, Interval i, int device) {
        return a.stats().distributions().get(new IntervalKey(i, device));
    }

    @Test
    void onlyDispatchAndCompletionStillGiveRequestLatencyAndDepth() {
        List<BlockEvent> ev = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ev.add(ev('D', 1_000 + i * 10, SDA, i * 8L, 8, 0));
        }
        for (int i = 0; i < 4; i++) {
            ev.add(ev('C', 5_000 + i * 1_000, SDA, i * 8L, 8, 0));
        }
        Analysis a = run(ev);
        LatencyDistribution d2c = dist(a, Interval.D2C_RQ, SDA);
        assertThat(d2c.count()).isEqualTo(4);
        assertThat(d2c.min()).isEqualTo(4_000);
        assertThat(d2c.max()).isEqualTo(8_000 - 1_030);
        assertThat(a.queueDepth().get(SDA).peak()).isEqualTo(4);
        assertThat(a.queueDepth().get(SDA).depth()).isZero();
        assertThat(a.unavailable()).containsKeys(Interval.Q2C, Interval.D2C, Interval.Q2Q, Interval.I2D);
        assertThat(a.unavailable().get(Interval.D2C)).isEqualTo("no Q records in the trace");
        assertThat(a.unavailable().get(Interval.I2D)).isEqualTo("no Q records, no I records in the trace");
        assertThat(a.unavailable()).doesNotContainKey(Interval.D2C_RQ);
        // btt itself ignores a device until its first Q: its report has no rows.
        assertThat(a.bttReport(false)).doesNotContain("D2C   ");
    }

    @Test
    void onlyQueueAndCompletionGiveQ2cAndQ2q() {
        Analysis a = run(List.of(q(0, SDA, 0, 8), q(1_000, SDA, 8, 8), ev('C', 3_000, SDA, 0, 8, 0),
                ev('C', 4_000, SDA, 8, 8, 0)));
        assertThat(dist(a, Interval.Q2C, SDA).count()).isEqualTo(2);
        assertThat(dist(a, Interval.Q2C, IntervalKey.ALL_DEVICES).max()).isEqualTo(3_000);
        assertThat(dist(a, Interval.Q2Q, SDA).count()).isEqualTo(1);
        assertThat(a.unavailable().get(Interval.D2C)).isEqualTo("no D records in the trace");
        assertThat(a.unavailable().get(Interval.D2C_RQ)).isEqualTo("no D records in the trace");
    }

    @Test
    void blkMqWithoutInsertGivesGetrqToDispatch() {
        Analysis a = run(List.of(q(0, SDA, 0, 8), ev('G', 100, SDA, 0, 8, 1), ev('D', 400, SDA, 0, 8, 1),
                ev('C', 2_400, SDA, 0, 8, 0)));
        assertThat(dist(a, Interval.G2D, SDA).max()).isEqualTo(300);
        assertThat(dist(a, Interval.D2C, SDA).max()).isEqualTo(2_000);
        assertThat(a.unavailable().get(Interval.G2I)).isEqualTo("no I records in the trace");
        assertThat(a.unavailable().get(Interval.I2D)).isEqualTo("no I records in the trace");
        assertThat(a.unavailable()).doesNotContainKey(Interval.G2D);
    }

    @Test
    void percentilesFollowTheDistribution() {
        List<BlockEvent> ev = new ArrayList<>();
        long t = 0;
        for (int i = 1; i <= 1000; i++) {
            ev.add(ev('D', t, SDB, i * 16L, 8, 0));
            ev.add(ev('C', t + i * 1_000L, SDB, i * 16L, 8, 0));
            t += 2_000_000;
        }
        LatencyDistribution d = dist(run(ev), Interval.D2C_RQ, SDB);
        assertThat(d.count()).isEqualTo(1000);
        assertThat((double) d.percentile(50)).isCloseTo(500_000, within(1_000.0));
        assertThat((double) d.percentile(99)).isCloseTo(990_000, within(1_000.0));
        assertThat(d.percentile(100)).isEqualTo(1_000_000);
        assertThat(d.mean()).isCloseTo(500_500, within(0.5));
    }

    @Test
    void latencyPerSecondBucketsByCompletionTimeAndTimesStartAtTheFirstRecord() {
        long base = 5_000_000_000_000L;
        Analysis a = run(List.of(q(base, SDA, 0, 8), ev('C', base + 100, SDA, 0, 8, 0),
                q(base + 2_500_000_000L, SDA, 8, 8), ev('C', base + 2_500_000_300L, SDA, 8, 8, 0)));
        var rows = a.stats().perSecond();
        assertThat(rows.keySet()).containsExactly(0L, 2L);
        var second2 = rows.get(2L).get(new IntervalKey(Interval.Q2C, SDA));
        assertThat(second2.count()).isEqualTo(1);
        assertThat(second2.max()).isEqualTo(300);
        assertThat(a.duration()).isEqualTo(2_500_000_300L);
    }

    @Test
    void queueDepthAveragesOverTime() {
        // depth 1 for the first half of second 0, 2 for the second half, 0 from the start of second 1
        Analysis a = run(List.of(ev('D', 0, SDA, 0, 8, 0), ev('D', 500_000_000, SDA, 8, 8, 0),
                ev('C', 1_000_000_000, SDA, 0, 16, 0)));
        var s = a.queueDepth().get(SDA).seconds();
        assertThat(s.get(0L).average()).isCloseTo(1.5, within(1e-9));
        assertThat(s.get(0L).max()).isEqualTo(2);
    }

    @Test
    void layerAttributionFollowsRemaps() {
        Analysis a = run(List.of(q(0, DM0, 0, 8), Ev.remap(10, SDA, 800, 8, DM0, 0), q(20, SDA, 800, 8),
                ev('D', 40, SDA, 800, 8, 0), ev('C', 1_040, SDA, 800, 8, 0), ev('C', 1_100, DM0, 0, 8, 0)));
        var dm = a.btt().layers().get(DM0);
        assertThat(dm.bios()).isEqualTo(1);
        assertThat(dm.q2cSum()).isEqualTo(1_100);
        assertThat(dm.belowSum()).isEqualTo(1_020);
        assertThat(dm.ownSum()).isEqualTo(80);
        assertThat(AnalysisText.render(a)).contains("Layer Attribution").contains("(253,  0) |        1");
    }
}
