package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import org.junit.jupiter.api.Test;

/**
 * Which tasks' plugs hold requests, from the records of a 6.1 trace (q-linear: an fsync's writeback of 4 KiB pages
 * under one plug, merged into requests of 2032 sectors; a direct write's plug around one bio).
 */
class TracedPlugsTest {
    private static final int DISK = (254 << 20);
    private static final int FIO = 619;
    private static final int KBLOCKD = 50;
    private static final long US = 1_000L;

    private static BlockEvent ev(long t, int action, int pid, long sector) {
        return new BlockEvent(t, 0, sector, action == 9 ? 0 : 4096, Category.WRITE | action, pid, DISK, 0, 0, null);
    }

    @Test
    void aTasksPlugHoldsItsRequestFromItsPlugRecordToItsDispatch() {
        TracedPlugs p = new TracedPlugs();
        p.accept(ev(163 * US, 4, FIO, 0));      // G: the first page's request
        assertThat(p.holds(FIO, 170 * US)).as("allocated, not yet plugged").isFalse();
        p.accept(ev(179 * US, 9, FIO, 0));      // P: it enters the empty plug
        assertThat(p.holds(FIO, 197 * US)).as("the next page is queued into the plug").isTrue();
        p.accept(ev(221 * US, 2, FIO, 8));      // M: merged into it there
        assertThat(p.holds(FIO, 234 * US)).isTrue();
        assertThat(p.holds(KBLOCKD, 234 * US)).as("another task's plug").isFalse();
        // the request is full: the next page's request is allocated, the plug flushed (the task dispatches the full
        // one itself) and the new request enters the emptied plug
        p.accept(ev(3_170 * US, 4, FIO, 2032));
        p.accept(ev(3_172 * US, 7, FIO, 0));    // D of the full request, by the task
        assertThat(p.holds(FIO, 3_173 * US)).isFalse();
        p.accept(ev(3_175 * US, 9, FIO, 2032)); // P
        assertThat(p.holds(FIO, 3_180 * US)).isTrue();
        // kblockd dispatches it (the task slept: its plug was flushed from schedule)
        p.accept(ev(3_400 * US, 7, KBLOCKD, 2032));
        assertThat(p.holds(FIO, 3_500 * US)).isFalse();
    }

    @Test
    void aDirectWritesPlugIsFinishedBeforeTheNextWriteAndAStalePlugIsForgotten() {
        TracedPlugs p = new TracedPlugs();
        p.accept(ev(0, 4, FIO, 64));
        p.accept(ev(2 * US, 9, FIO, 64));
        p.accept(ev(9 * US, 7, FIO, 64));       // blk_finish_plug of blkdev_write_iter: dispatched at once
        assertThat(p.holds(FIO, 300 * US)).isFalse();
        p.accept(ev(400 * US, 4, FIO, 128));
        p.accept(ev(402 * US, 9, FIO, 128));    // its D was never traced (lost records)
        assertThat(p.holds(FIO, 500 * US)).isTrue();
        assertThat(p.holds(FIO, 402 * US + TracedPlugs.STALE_NS + 1)).as("held longer than any plug").isFalse();
    }
}
