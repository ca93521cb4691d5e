package dev.dmreplay.analyze.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.run.Obs;
import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.FreeTo;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.SplitKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolPressureTest {
    private static final String BS = "md->bs of X";
    private static final String WQ = "mempool " + BS;

    private static PoolReport only(Obs obs, long end, long bucket) {
        BioFamily f = new BioFamily();
        PoolPressure p = new PoolPressure(f, bucket);
        obs.feed(f::on, p);
        List<PoolReport> l = p.reports(end);
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    @Test
    void reserveLowWaterEmptyTimeSleepsAndRepolls() {
        Obs o = new Obs()
                .submit(0, "t1", 1, 32)
                .alloc(0, "t1", BS, 10, 1)            // reserve 2 -> 1
                .alloc(0, "t1", BS, 11, 0)            // reserve empty from t=0
                .waitBegin(0, "t1", WQ, "mempool_alloc")
                .timeout(5_000, "t1", WQ)
                .waitEnd(5_000, "t1", WQ, "mempool_alloc", 5_000)
                .waitBegin(5_000, "t1", WQ, "mempool_alloc")
                .leaf(7_000, 10)
                .waitEnd(7_000, "t1", WQ, "mempool_alloc", 2_000)
                .alloc(7_000, "t1", BS, 12, 0)
                .alloc(9_000, "t2", BS, 13, 1);       // reserve seen refilled at 9000
        PoolReport r = only(o, 20_000, 1_000);
        assertThat(r.exactOccupancy()).isFalse();
        assertThat(r.pool()).isEqualTo(BS);
        assertThat(r.allocations()).isEqualTo(4);
        assertThat(r.reserveHigh()).isEqualTo(1);
        assertThat(r.reserveLowWater()).isZero();
        assertThat(r.reserveAtEnd()).isEqualTo(1);
        assertThat(r.emptyReserveNs()).isEqualTo(9_000);
        assertThat(r.emptyEpisodes()).isEqualTo(1);
        assertThat(r.sleepsBegun()).isEqualTo(2);
        assertThat(r.sleeps().count()).isEqualTo(2);
        assertThat(r.sleeps().total()).isEqualTo(7_000);
        assertThat(r.sleeps().max()).isEqualTo(5_000);
        assertThat(r.repolls()).isEqualTo(1);
        // elements held by bios 10, 11 (10 completed at 7000), then 12 and 13
        assertThat(r.peakInUse()).isEqualTo(3);
        assertThat(r.inUseAtEnd()).isEqualTo(3);
        // one bucket per microsecond from the first event to the end of the run (20 us), occupancy carried through
        assertThat(r.timeline()).hasSize(21);
        assertThat(r.timeline().get(0)).isEqualTo(new PoolReport.Sample(0, 0, 2, 2, 0, 1));
        assertThat(r.timeline().get(3)).isEqualTo(new PoolReport.Sample(3_000, 0, 2, 0, 0, 0));
        assertThat(r.timeline().get(5)).isEqualTo(new PoolReport.Sample(5_000, 0, 2, 0, 0, 1));
        assertThat(r.timeline().get(9)).isEqualTo(new PoolReport.Sample(9_000, 1, 3, 1, 0, 0));
        assertThat(r.timeline().get(20)).isEqualTo(new PoolReport.Sample(20_000, 1, 3, 0, 0, 0));
    }

    @Test
    void freesGiveExactOccupancyAndEmptyReserveTime() {
        Obs o = new Obs()
                .submit(0, "t1", 1, 32)
                .alloc(0, "t1", BS, 10, 1)             // reserve 2 -> 1
                .alloc(0, "t1", BS, 11, 0)             // reserve empty from t=0
                .waitBegin(0, "t1", WQ, "mempool_alloc")
                .free(3_000, BS, 10, 1, FreeTo.RESERVE)      // refilled at 3000: first episode 3000 ns
                .waitEnd(3_000, "t1", WQ, "mempool_alloc", 3_000)
                .alloc(3_000, "t1", BS, 12, 0)          // empty again
                .alloc(4_000, "t2", BS, 13, 0)          // from the slab: 3 in use
                .leaf(5_000, 13)                        // completion alone frees nothing
                .free(6_000, BS, 11, 1, FreeTo.RESERVE)      // second episode 3000 ns
                .free(6_500, BS, 12, 2, FreeTo.RESERVE)
                .free(8_000, BS, 13, 2, FreeTo.SLAB);
        PoolReport r = only(o, 10_000, 1_000);
        assertThat(r.exactOccupancy()).isTrue();
        assertThat(r.allocations()).isEqualTo(4);
        assertThat(r.peakInUse()).isEqualTo(3);
        assertThat(r.inUseAtEnd()).isZero();
        assertThat(r.reserveHigh()).isEqualTo(2);
        assertThat(r.reserveLowWater()).isZero();
        assertThat(r.reserveAtEnd()).isEqualTo(2);
        assertThat(r.emptyReserveNs()).isEqualTo(6_000);
        assertThat(r.emptyEpisodes()).isEqualTo(2);
        assertThat(r.sleeps().total()).isEqualTo(3_000);
        assertThat(r.timeline()).containsExactly(
                new PoolReport.Sample(0, 0, 2, 2, 0, 1),
                new PoolReport.Sample(1_000, 0, 2, 0, 0, 0),
                new PoolReport.Sample(2_000, 0, 2, 0, 0, 0),
                new PoolReport.Sample(3_000, 0, 2, 1, 0, 0),
                new PoolReport.Sample(4_000, 0, 3, 1, 0, 0),
                new PoolReport.Sample(5_000, 0, 3, 0, 0, 0),
                new PoolReport.Sample(6_000, 1, 3, 0, 0, 0),
                new PoolReport.Sample(7_000, 2, 1, 0, 0, 0),
                new PoolReport.Sample(8_000, 2, 1, 0, 0, 0),
                new PoolReport.Sample(9_000, 2, 0, 0, 0, 0),
                new PoolReport.Sample(10_000, 2, 0, 0, 0, 0));
    }

    @Test
    void occupancyOfAStuckPoolIsCarriedToTheEndOfTheRun() {
        // issue 14: 16 elements taken, then only sleeps; the run lasts 49 us and nothing is ever freed
        Obs o = new Obs();
        for (int i = 0; i < 16; i++) {
            o.alloc(100 + i, "t" + i, BS, 100 + i, Math.max(0, 15 - i));
        }
        for (int i = 0; i < 4; i++) {
            o.waitBegin(2_000 + i, "s" + i, WQ, "mempool_alloc");
        }
        BioFamily f = new BioFamily();
        PoolPressure p = new PoolPressure(f, 1_000);
        p.freesObserved();
        o.feed(f::on, p);
        PoolReport r = p.reports(49_000).get(0);
        assertThat(r.timeline()).hasSize(50);
        assertThat(r.timeline().get(49)).isEqualTo(new PoolReport.Sample(49_000, 0, 16, 0, 0, 0));
        assertThat(r.timeline()).allSatisfy(s -> {
            assertThat(s.inUseMax()).isEqualTo(16);
            assertThat(s.reserveMin()).isGreaterThanOrEqualTo(0);
        });
        assertThat(r.timeline().get(2)).isEqualTo(new PoolReport.Sample(2_000, 0, 16, 0, 0, 4));
        // the sleepers never woke: their sleep counts until the end of the run
        assertThat(r.sleeps().count()).isZero();
        assertThat(r.asleepAtEnd()).isEqualTo(4);
        assertThat(r.longestSleepNs()).isEqualTo(47_000);
    }

    @Test
    void declaredFreesStayExactWhenNothingIsFreed() {
        Obs o = new Obs()
                .submit(0, "t1", 1, 8)
                .alloc(0, "t1", BS, 1, 1)
                .alloc(10, "t1", BS, 2, 0)
                .leaf(20, 2)
                .top(30, "t1", 1, 30);
        BioFamily f = new BioFamily();
        PoolPressure exact = new PoolPressure(f, 1_000);
        exact.freesObserved();
        BioFamily g = new BioFamily();
        PoolPressure approx = new PoolPressure(g, 1_000);
        o.feed(f::on, exact, g::on, approx);
        PoolReport e = exact.reports(100).get(0);
        PoolReport a = approx.reports(100).get(0);
        assertThat(e.exactOccupancy()).isTrue();
        assertThat(e.peakInUse()).isEqualTo(2);
        assertThat(e.inUseAtEnd()).isEqualTo(2);         // the model never freed them (a stuck run)
        assertThat(a.exactOccupancy()).isFalse();
        assertThat(a.inUseAtEnd()).isZero();             // the approximation releases them with their bios
    }

    @Test
    void emptyReserveStillEmptyAtEndCountsToTheEnd() {
        Obs o = new Obs().alloc(100, "t1", BS, 5, 0).fail(200, "t1", BS, 0)
                .fail(300, "t1", BS, 0, AllocMode.NOWAIT_PROBE);
        PoolReport r = only(o, 1_000, 1_000_000);
        assertThat(r.emptyReserveNs()).isEqualTo(900);
        assertThat(r.nonBlockingFailures()).isEqualTo(1);
        assertThat(r.nowaitFailures()).isEqualTo(1);
        assertThat(r.timeline()).containsExactly(new PoolReport.Sample(0, 0, 1, 1, 2, 0));
    }

    @Test
    void elementsOfClonesAreReleasedWhenTheClonesOrTheirTreeComplete() {
        Obs o = new Obs()
                .submit(0, "t1", 1, 16)
                .alloc(0, "t1", "md->io_pool of X", 1, 16)   // dm_io held for the original
                .alloc(0, "t1", BS, 2, 16)
                .piece(0, "t1", 2, 1)
                .remap(0, "t1", 2, 1)
                .alloc(0, "t1", BS, 3, 15)
                .piece(0, "t1", 3, 1)
                .remap(0, "t1", 3, 1)
                .alloc(0, "t1", "X q->bio_split", 4, 2)
                .split(0, SplitKind.DM_REMAINDER, "t1", "X q->bio_split", 1, 4)
                .leaf(10, 2)
                .leaf(20, 3)
                .top(30, "t1", 1, 30);
        BioFamily f = new BioFamily();
        PoolPressure p = new PoolPressure(f, 1_000);
        o.feed(f::on, p);
        List<PoolReport> l = p.reports(30);
        assertThat(l).extracting(PoolReport::pool)
                .containsExactly("X q->bio_split", "md->bs of X", "md->io_pool of X");
        assertThat(l).allSatisfy(r -> assertThat(r.inUseAtEnd()).isZero());
        assertThat(l.get(1).peakInUse()).isEqualTo(2);
    }
}
