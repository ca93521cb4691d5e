package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A request the kernel never dispatched in that shape takes the time of the kernel's request that served its
 * sectors at about the same moment (the kernel merged it with a neighbour), not a draw from the whole trace. Seen on s-snapshot64k: the kernel front-merged two 64 KiB COW
 * writes into one 128 KiB request served in 0.6 ms; the model dispatched one alone, drew 7.6 ms from the trace's
 * 64 KiB writes, and every write held for that copy waited for it.
 */
class CoveringTimesTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private static Bio write(long sector, int sectors) {
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = sector;
        b.sectors = sectors;
        return b;
    }

    /** The kernel's requests: 6144+256 at 40 ms (0.6 ms), 6144+128 at 90 ms (2 ms), and a slow 128-sector write. */
    private static TraceServiceModel disk() {
        TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
        d2c.add(TraceServiceModel.opClass(Op.WRITE), 6144, 256, 600 * US, 40 * MS);
        d2c.add(TraceServiceModel.opClass(Op.WRITE), 6144, 128, 2 * MS, 90 * MS);
        for (int i = 0; i < 20; i++) {
            d2c.add(TraceServiceModel.opClass(Op.WRITE), 100_000 + 128 * i, 128, 8 * MS, 200 * MS);
        }
        return d2c.build(1).coveringRequests();
    }

    @Test
    void aRequestTheKernelMergedTakesTheMergedRequestsTime() {
        TraceServiceModel m = disk();
        long[] now = {40 * MS + 200 * US};
        m.followTraceTime(() -> now[0]);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(m.serviceNanos(write(6272, 128), r)).isEqualTo(600 * US);
        // one that reaches past the kernel's request (the model merged what the kernel had not): drawn from its class
        assertThat(m.serviceNanos(write(6336, 128), r)).isIn(2 * MS, 8 * MS);
    }

    @Test
    void amongRequestsOfTheSameSectorsTheOneNearestInTimeAndTheLargestOverlapFirst() {
        TraceServiceModel m = disk();
        long[] now = {85 * MS};
        m.followTraceTime(() -> now[0]);
        SplittableRandom r = new SplittableRandom(1);
        // 6144+64 is covered by both kernel requests alike: the one at 90 ms is nearer
        assertThat(m.serviceNanos(write(6144 + 64, 64), r)).isEqualTo(2 * MS);
        // 6144+256 itself has a recorded time of its own, taken first
        assertThat(m.serviceNanos(write(6144, 256), r)).isEqualTo(600 * US);
    }

    @Test
    void withNoKernelRequestOfThoseSectorsNearInTimeItDrawsFromItsClass() {
        TraceServiceModel m = disk();
        long[] now = {500 * MS}; // 410 ms after the last request of those sectors
        m.followTraceTime(() -> now[0]);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(m.serviceNanos(write(6272, 128), r)).isIn(8 * MS, 2 * MS);
    }

    @Test
    void offTheTracesClockNothingIsLookedUp() {
        TraceServiceModel m = disk(); // no followTraceTime: a scenario's disk
        assertThat(m.serviceNanos(write(6272, 128), new SplittableRandom(1))).isIn(8 * MS, 2 * MS);
    }

    @Test
    void aLargeRequestDrawsEvenWhereTheKernelsCoveredIt() {
        // md's resync: the kernel read 2560 sectors in 8 ms; the model's 1920-sector piece of it is not that read
        TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
        d2c.add(TraceServiceModel.opClass(Op.READ), 0, 2560, 8 * MS, 10 * MS);
        for (int i = 0; i < 20; i++) {
            d2c.add(TraceServiceModel.opClass(Op.READ), 100_000 + 2048 * i, 1920, 3 * MS, 500 * MS);
        }
        TraceServiceModel m = d2c.build(1).coveringRequests();
        m.followTraceTime(() -> 10 * MS);
        Bio piece = write(0, 1920);
        piece.op = Op.READ;
        assertThat(m.serviceNanos(piece, new SplittableRandom(1))).isEqualTo(3 * MS);
        Bio small = write(2560 - CoveringTimes.MAX_SECTORS, CoveringTimes.MAX_SECTORS);
        small.op = Op.READ;
        assertThat(m.serviceNanos(small, new SplittableRandom(1))).isEqualTo(8 * MS);
    }
}
