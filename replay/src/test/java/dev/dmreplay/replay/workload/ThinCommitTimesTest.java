package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.target.thin.CommitCpu;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The survey learns a thin pool's commit CPU time from the commit's own I/O (dm-thin-metadata.c v6.1,
 * {@code dm_pool_commit_metadata}) and takes a dm split's X record (6.1 {@code dm_split_and_process_bio}: the
 * remainder is resubmitted without a second Q) as the remainder's queueing for the pool worker.
 */
class ThinCommitTimesTest {
    private static final int POOL = (253 << 20) | 2;
    private static final int META = (253 << 20);
    private static final int DATA = (253 << 20) | 1;
    private static final int THIN = (253 << 20) | 3;
    private static final int Q = 1;
    private static final int C = 8;
    private static final int X = 13;
    private static final int A = 15;
    private static final long US = 1_000L;

    private static BlockEvent ev(long t, int device, int action, long sector, int sectors, int pid) {
        int flags = Category.WRITE | (sectors == 0 ? Category.FLUSH | Category.SYNC : 0);
        return new BlockEvent(t, 0, sector, sectors * 512, flags | action, pid, device, 0, 0, null);
    }

    private static ThinWorkerRuns runs() {
        return new ThinWorkerRuns(List.of(new ThinWorkerRuns.Pool(POOL, META, DATA, Set.of(THIN), 128)));
    }

    /** One commit starting at {@code t}: the gaps are 440, 60, 55, 120 and 50 us. */
    private static void commit(ThinWorkerRuns r, long t) {
        r.accept(ev(t, DATA, Q, 0, 0, 9));
        r.accept(ev(t + 300 * US, DATA, C, 0, 0, 0));
        r.accept(ev(t + 740 * US, META, Q, 304, 8, 9));
        r.accept(ev(t + 800 * US, META, Q, 312, 8, 9));
        r.accept(ev(t + 1200 * US, META, C, 304, 8, 0));
        r.accept(ev(t + 1300 * US, META, C, 312, 8, 0));
        r.accept(ev(t + 1355 * US, META, Q, 0, 0, 9));
        r.accept(ev(t + 1555 * US, META, C, 0, 0, 0));
        r.accept(ev(t + 1675 * US, META, Q, 0, 8, 9));
        r.accept(ev(t + 1900 * US, META, C, 0, 8, 0));
        r.accept(ev(t + 1950 * US, META, Q, 0, 0, 9));
        r.accept(ev(t + 2150 * US, META, C, 0, 0, 0));
    }

    @Test
    void aCommitsCpuTimeIsTheGapBetweenItsSteps() {
        ThinWorkerRuns r = runs();
        assertThat(r.commitCpu(POOL)).isEqualTo(CommitCpu.NONE);
        commit(r, 0);
        commit(r, 1_000_000 * US);
        assertThat(r.commitCpu(POOL)).isEqualTo(new CommitCpu(440 * US, 60 * US, 55 * US, 120 * US, 50 * US));
    }

    @Test
    void thePoolsFirstCommitIsTheQOfItsFirstDataFlush() {
        ThinWorkerRuns r = runs();
        assertThat(r.firstCommit(POOL)).isEqualTo(-1);
        commit(r, 33_000 * US);
        commit(r, 1_033_000 * US);
        assertThat(r.firstCommit(POOL)).isEqualTo(33_000 * US);
        assertThat(r.firstCommit(THIN)).as("not a pool").isEqualTo(-1);
    }

    @Test
    void aSplitRemaindersXIsItsQueueingForTheWorker() {
        ThinWorkerRuns r = runs();
        r.accept(ev(0, THIN, Q, 1024, 256, 7));
        r.accept(ev(90 * US, THIN, X, 1152, 128, 7));
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(THIN).putInt(POOL).putLong(1152);
        r.accept(new BlockEvent(2_000 * US, 0, 9000, 128 * 512, Category.WRITE | A, 9, POOL, 0, 0, pdu.array()));

        assertThat(r.queuedAt(THIN).get(1152L)).containsExactly(90 * US);
        assertThat(r.workerRemaps(THIN, true).get(1152L)).containsExactly(90 * US, 2_000 * US);
    }
}
