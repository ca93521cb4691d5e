package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.kcopyd.KcopydStarts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kcopyd's {@code do_work} (dm-kcopyd.c v6.1) issues a run's jobs into one plug; blktrace shows a {@code P} only for
 * the request that entered the empty plug. The records of one run stand for the run's first even when the worker
 * took 73 us or 390 us between two jobs (a 6.1 capture whose four copies merged into one 64 KiB request), which a
 * fixed 50 us gap split into runs of their own.
 */
class KcopydWorkerRunsTest {
    private static final int ORIGIN = 253 << 20;
    private static final int DISK = 254 << 20;
    private static final int WORKER = 22;
    private static final int FIO = 900;
    private static final long US = 1_000L;

    private static BlockEvent ev(long t, int action, int dev, long sector, int sectors, int pid) {
        int category = action == 1 || action == 7 ? Category.READ : 0;
        return new BlockEvent(t, 0, sector, sectors * 512, category | action, pid, dev, 0, 0, null);
    }

    private static BlockEvent q(long t, long sector, int pid) {
        return ev(t, 1, ORIGIN, sector, 32, pid);
    }

    @Test
    void aRunLastsFromTheRecordThatOpenedThePlugToTheWorkersDispatch() {
        KcopydIo io = new KcopydIo(Map.of(ORIGIN, 1L));
        io.accept(q(0, 0, WORKER));
        io.accept(ev(5 * US, 9, DISK, 0, 0, WORKER));          // P: the first request entered an empty plug
        io.accept(q(73 * US, 32, WORKER));                     // merged into it: no P
        io.accept(ev(80 * US, 9, DISK, 0, 0, FIO));            // another task's plug says nothing of the worker's
        io.accept(q(463 * US, 64, WORKER));
        io.accept(ev(470 * US, 7, DISK, 0, 96, WORKER));       // blk_finish_plug: the run's request dispatched
        io.accept(q(600 * US, 96, WORKER));
        io.accept(ev(605 * US, 9, DISK, 0, 0, WORKER));        // a new run's plug
        io.accept(q(620 * US, 128, WORKER));
        io.accept(q(3_000 * US, 160, WORKER));                 // long after: a run of its own, P or not

        long[] runs = io.runStarts();
        assertThat(runs).containsExactly(73 * US, 0, 463 * US, 0, 620 * US, 600 * US);

        Map<String, Map<Long, long[]>> reads = Map.of("base-real", Map.of(0L, new long[] {0}, 32L,
                new long[] {73 * US}, 64L, new long[] {463 * US}, 96L, new long[] {600 * US}));
        KcopydStarts starts = new KcopydStarts(reads, Map.of(), KcopydStarts.DEFAULT_MAX_WAIT_NS, runs);
        assertThat(starts.copyStart("base-real", 64, 0)).isEqualTo(0);   // in the first run, 463 us on
        assertThat(starts.copyStart("base-real", 96, 0)).isEqualTo(600 * US);
    }
}
