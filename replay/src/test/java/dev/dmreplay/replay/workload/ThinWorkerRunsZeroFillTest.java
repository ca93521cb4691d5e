package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A read of an unprovisioned thin block never reaches the pool: {@code thin_bio_map} defers it, the pool worker's
 * {@code process_cell} → {@code provision_block} zero-fills and ends it (dm-thin.c v6.1). Its only records are the
 * thin device's Q and C, and the C is when the worker got to it (up to 15 ms after the Q on the captured kernel):
 * the survey keeps it as the worker's time for that read, beside the remaps it keeps for reads of mapped blocks, and
 * as a run of the worker: the only record such a run leaves.
 */
class ThinWorkerRunsZeroFillTest {
    private static final int POOL = (253 << 20) | 2;
    private static final int META = (253 << 20);
    private static final int DATA = (253 << 20) | 1;
    private static final int THIN = (253 << 20) | 3;
    private static final int Q = 1;
    private static final int C = 8;
    private static final int A = 15;
    private static final long US = 1_000L;

    private static BlockEvent ev(long t, int device, int action, long sector, int sectors, int pid) {
        return new BlockEvent(t, 0, sector, sectors * 512, Category.READ | action, pid, device, 0, 0, null);
    }

    private static BlockEvent remap(long t, long sector, long from, int pid) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(THIN).putInt(POOL).putLong(from);
        return new BlockEvent(t, 0, sector, 4096, Category.READ | A, pid, POOL, 0, 0, pdu.array());
    }

    @Test
    void aReadCompletedWithoutARemapIsTheWorkersZeroFill() {
        ThinWorkerRuns runs = new ThinWorkerRuns(List.of(new ThinWorkerRuns.Pool(POOL, META, DATA, Set.of(THIN), 128)));
        // a read of a mapped block: remapped by the submitter (map path), then completed
        runs.accept(ev(0, THIN, Q, 800, 8, 7));
        runs.accept(remap(20 * US, 9000, 800, 7));
        runs.accept(ev(300 * US, THIN, C, 800, 8, 0));
        // a read of an unprovisioned block: Q, and 15 ms later its C, nothing in between
        runs.accept(ev(1000 * US, THIN, Q, 4096, 8, 7));
        runs.accept(ev(16_000 * US, THIN, C, 4096, 8, 0));

        assertThat(runs.workerRemaps(THIN, false)).containsOnlyKeys(4096L);
        assertThat(runs.workerRemaps(THIN, false).get(4096L)).containsExactly(1000 * US, 16_000 * US);
        assertThat(runs.workerRemaps(THIN, true)).isEmpty();
        // the zero-fill is a moment the worker ran by: a run of its own (the mapped read's completion is not)
        assertThat(runs.times(POOL)).containsExactly(16_000 * US);
    }
}
