package dev.dmreplay.analyze.stall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.run.Obs;
import dev.dmreplay.replay.observe.ObservationKind;
import org.junit.jupiter.api.Test;

class StallDetectorTest {
    private static final String WQ = "mempool md->bs of X";

    @Test
    void repollsStayInOneEpisodeAndTheReleaseIsNamed() {
        Obs o = new Obs()
                .waitBegin(0, "t1", WQ, "mempool_alloc")
                .timeout(5_000_000_000L, "t1", WQ)
                .waitEnd(5_000_000_000L, "t1", WQ, "mempool_alloc", 5_000_000_000L)
                .waitBegin(5_000_000_000L, "t1", WQ, "mempool_alloc")
                .leaf(6_000_000_000L, 42)
                .waitEnd(6_000_000_000L, "t1", WQ, "mempool_alloc", 1_000_000_000L)
                .alloc(6_000_000_000L, "t1", "md->bs of X", 7, 0)
                // a short wait: under the threshold
                .waitBegin(6_100_000_000L, "t2", "mutex s->lock", "mutex_lock")
                .add(6_150_000_000L, ObservationKind.LOCK_ACQUIRE, "t3", null, "mutex x", 0, 0, 0, 0, null)
                .waitEnd(6_150_000_000L, "t2", "mutex s->lock", "mutex_lock", 50_000_000L)
                // still asleep at the end
                .waitBegin(6_200_000_000L, "t4", "mutex s->lock", "mutex_lock");
        StallDetector d = new StallDetector(100_000_000L, 10);
        o.feed(d);
        StallReport r = d.report(7_000_000_000L);
        // t1's 6 s wait and t4's, still open after 800 ms
        assertThat(r.longWaitCount()).isEqualTo(2);
        assertThat(r.longestWaitNs()).isEqualTo(6_000_000_000L);
        assertThat(r.longWaits()).containsExactly(new Wait("t1", WQ, "mempool_alloc", 0, 6_000_000_000L, 2, 1,
                "COMPLETE bio 42 on sda [leaf]", true));
        assertThat(r.unfinished()).containsExactly(new Wait("t4", "mutex s->lock", "mutex_lock", 6_200_000_000L,
                7_000_000_000L, 0, 0, "", false));
    }

    @Test
    void waitsStillOpenAtTheEndCountAsLongWaits() {
        // issue 14: four tasks asleep from 2 ms in a run that lasts 49 ms, nothing ever ends
        Obs o = new Obs();
        for (int i = 0; i < 4; i++) {
            o.waitBegin(2_000_000 + i, "t" + i, WQ, "mempool_alloc");
        }
        StallDetector d = new StallDetector(10_000_000L, 10);
        o.feed(d);
        StallReport r = d.report(49_000_000L);
        assertThat(r.longWaitCount()).isEqualTo(4);
        assertThat(r.longestWaitNs()).isEqualTo(47_000_000L);
        assertThat(r.longWaits()).isEmpty(); // listed once, as unfinished
        assertThat(r.unfinished()).hasSize(4);
    }

    @Test
    void theLongestWaitIsTheLongestEvenUnderTheThreshold() {
        // issue 14: a stuck run's four tasks waited 47 ms; with a 100 ms threshold none is a long wait, but the
        // longest wait is still 47 ms, not 0
        Obs o = new Obs()
                .waitBegin(0, "t9", WQ, "mempool_alloc")
                .leaf(1_000_000, 3)
                .waitEnd(1_000_000, "t9", WQ, "mempool_alloc", 1_000_000);
        for (int i = 0; i < 4; i++) {
            o.waitBegin(2_000_000 + i, "t" + i, WQ, "mempool_alloc");
        }
        StallDetector d = new StallDetector(100_000_000L, 10);
        o.feed(d);
        StallReport r = d.report(49_000_000L);
        assertThat(r.longWaitCount()).isZero();
        assertThat(r.longestWaitNs()).isEqualTo(47_000_000L);
        assertThat(r.unfinished()).hasSize(4);
    }

    @Test
    void aRepollThatFindsTheResourceIsReleasedByTheTimerAndDeadlockChainsAreKeptVerbatim() {
        String chain = "t1 waits for mempool md->bs of X\n  held by bio 3 on t1's bio_list";
        Obs o = new Obs()
                .waitBegin(0, "t1", WQ, "mempool_alloc")
                .timeout(5_000_000_000L, "t1", WQ)
                .waitEnd(5_000_000_000L, "t1", WQ, "mempool_alloc", 5_000_000_000L)
                .alloc(5_000_000_000L, "t1", "md->bs of X", 7, 0)
                .add(5_000_000_000L, ObservationKind.STALL, "t1", null, WQ, 0, 0, 0, 5_000_000_000L, "mempool_alloc")
                .add(9_000_000_000L, ObservationKind.DEADLOCK, null, null, null, 0, 0, 0, 0, chain);
        StallDetector d = new StallDetector();
        o.feed(d);
        StallReport r = d.report(-1);
        assertThat(r.longWaits()).singleElement().satisfies(w -> {
            assertThat(w.releasedBy()).isEqualTo("timeout");
            assertThat(w.repolls()).isEqualTo(1);
            assertThat(w.durationNs()).isEqualTo(5_000_000_000L);
        });
        assertThat(r.deadlocks()).containsExactly(chain);
        assertThat(r.modelStalls()).containsExactly(
                new StallReport.ModelStall(5_000_000_000L, "t1", WQ, "mempool_alloc", 5_000_000_000L));
    }

    @Test
    void keepsTheLongestWaitsButCountsAll() {
        Obs o = new Obs();
        for (int i = 0; i < 50; i++) {
            long t = i * 10_000_000_000L;
            o.waitBegin(t, "t" + i, "mutex m", "mutex_lock").waitEnd(t + 200_000_000L + i, "t" + i, "mutex m",
                    "mutex_lock", 200_000_000L + i);
        }
        StallDetector d = new StallDetector(100_000_000L, 3);
        o.feed(d);
        StallReport r = d.report(-1);
        assertThat(r.longWaitCount()).isEqualTo(50);
        assertThat(r.longWaits()).extracting(Wait::task).containsExactly("t49", "t48", "t47");
    }
}
