package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Flush times of a trace-driven disk. blktrace shows the flush a queue runs as {@code FN} (REQ_OP_FLUSH, no sector,
 * no write bit) while the model's flush is a write with PREFLUSH and no data: both are the flush class, so the
 * model's flush takes the kernel's flush times and never a small write's. A flush's cost is the device's state at
 * that moment, so a replay on the trace's clock takes the kernel's flush nearest in time, whatever its sector.
 */
class FlushTimesTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private static Bio flush(long sector) {
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.flags = Bio.PREFLUSH | Bio.SYNC;
        b.sector = sector;
        b.sectors = 0;
        return b;
    }

    private static TraceServiceModel disk() {
        TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
        d2c.add(Op.WRITE, 8, 8, 300 * US);                              // a 4 KiB write
        d2c.add(TraceServiceModel.FLUSH, 0, 0, 5 * MS, 1 * MS);          // the kernel's flushes, at 1 ms and 100 ms
        d2c.add(TraceServiceModel.FLUSH, 0, 0, 1 * MS, 100 * MS);
        return d2c.build(1);
    }

    @Test
    void aFlushIsItsOwnClassAndTakesTheKernelsFlushesInOrder() {
        assertThat(TraceServiceModel.opClass(flush(2048))).isEqualTo(TraceServiceModel.FLUSH);
        TraceServiceModel m = disk();
        SplittableRandom r = new SplittableRandom(1);
        assertThat(m.serviceNanos(flush(2048), r)).isEqualTo(5 * MS);
        assertThat(m.serviceNanos(flush(0), r)).isEqualTo(1 * MS);
        assertThat(m.serviceNanos(flush(0), r)).isIn(5 * MS, 1 * MS); // none left: drawn from the flushes
    }

    @Test
    void onTheTracesClockAFlushTakesTheKernelsFlushNearestInTime() {
        TraceServiceModel m = disk();
        long[] now = {90 * MS};
        m.followTraceTime(() -> now[0]);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(m.serviceNanos(flush(2048), r)).isEqualTo(1 * MS);  // nearer the one at 100 ms
        now[0] = 120 * MS;
        assertThat(m.serviceNanos(flush(2048), r)).isEqualTo(1 * MS);
        // a write is not a flush: its own recorded time
        Bio w = flush(8);
        w.flags = 0;
        w.sectors = 8;
        assertThat(m.serviceNanos(w, r)).isEqualTo(300 * US);
    }

    @Test
    void aFlushAtTheStartTakesTheFirstOfTheKernels() {
        TraceServiceModel m = disk();
        m.followTraceTime(() -> 0);
        assertThat(m.serviceNanos(flush(0), new SplittableRandom(1))).isEqualTo(5 * MS);
    }
}
