package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the survey learns of kmirrord from a mirror's and its legs' records. */
class MirrorWorkerRunsTest {
    private static final int MIR = 253 << 20;
    private static final int LEG0 = 254 << 20;
    private static final int LEG1 = (254 << 20) | 16;
    private static final int OTHER = 8 << 20;
    private static final int Q = 1;
    private static final long OFFSET = 2048;

    private static BlockEvent q(long t, int dev, int category, long sector, int bytes) {
        return new BlockEvent(t, 0, sector, bytes, category | Q, 1, dev, 0, 0, null);
    }

    /** {@code __BLK_TA_REMAP}. */
    private static final int REMAP = 15;

    /** A remap's payload ({@code struct blk_io_trace_remap}, big-endian): from device, to device, from sector. */
    private static byte[] remapPdu(int from, int to, long fromSector) {
        return java.nio.ByteBuffer.allocate(16).putInt(from).putInt(to).putLong(fromSector).array();
    }

    private static MirrorWorkerRuns runs() {
        return new MirrorWorkerRuns(List.of(new MirrorWorkerRuns.Mirror(MIR, LEG0, OFFSET, Set.of(LEG0, LEG1), 256)));
    }

    @Test
    void eachWriteIsPairedWithItsFirstLegWrite() {
        MirrorWorkerRuns r = runs();
        r.accept(q(100, MIR, Category.WRITE, 8, 4096));
        r.accept(q(150, MIR, Category.READ, 16, 4096)); // a read: not kmirrord's
        r.accept(q(200, MIR, Category.WRITE, 8, 4096)); // a second write to the same sector
        r.accept(q(300, LEG0, Category.WRITE, OFFSET + 8, 4096)); // kmirrord takes the first
        r.accept(q(310, LEG1, Category.WRITE, OFFSET + 8, 4096)); // its copy on the second leg: not a take
        r.accept(q(350, MIR, Category.WRITE, 0, 0)); // an empty flush: not paired
        r.accept(q(360, LEG0, Category.WRITE, OFFSET, 0));
        r.accept(q(900, LEG0, Category.WRITE, OFFSET + 8, 4096)); // ... and later the second
        r.accept(q(950, LEG0, Category.WRITE, OFFSET + 64, 4096)); // kmirrord's own write: no mirror Q
        r.accept(q(990, OTHER, Category.WRITE, 8, 4096)); // not a leg
        assertThat(r.mirrors()).containsExactly(MIR);
        assertThat(r.taken(MIR)).containsOnlyKeys(8L);
        assertThat(r.taken(MIR).get(8L)).containsExactly(100, 300, 200, 900);
        assertThat(r.taken(OTHER)).isEmpty();
    }

    private static BlockEvent q(long t, int dev, int category, long sector, int bytes, int pid) {
        return new BlockEvent(t, 0, sector, bytes, category | Q, pid, dev, 0, 0, null);
    }

    /**
     * t-mirror (6.1): kmirrord queued an fsync's empty flush on the second leg 100-360 us after the first (preempted
     * on its CPU by the first copy's dispatch and completion); the gap between the copies is learnt per flush.
     */
    @Test
    void theGapBetweenAFlushsCopiesOnConsecutiveLegsIsLearnt() {
        MirrorWorkerRuns r = runs();
        int kmirrord = 61;
        r.accept(q(1_000, LEG0, Category.WRITE | Category.FLUSH, OFFSET, 0, kmirrord));
        r.accept(q(1_240, LEG1, Category.WRITE | Category.FLUSH, OFFSET, 0, kmirrord)); // 240 ns later
        r.accept(q(5_000, LEG0, Category.WRITE | Category.FLUSH, OFFSET, 0, kmirrord));
        r.accept(q(5_100, LEG1, Category.WRITE | Category.FLUSH, OFFSET, 0, 99)); // another task's: no gap
        r.accept(q(9_000, LEG0, Category.WRITE | Category.FLUSH, OFFSET, 0, kmirrord));
        r.accept(q(9_000 + MirrorWorkerRuns.LEG_GAP_NS + 1, LEG1, Category.WRITE | Category.FLUSH, OFFSET, 0,
                kmirrord)); // too late to be the same dm-io
        r.accept(q(20_000, LEG0, Category.WRITE, OFFSET + 8, 4096, kmirrord)); // writes' copies are not learnt
        r.accept(q(20_010, LEG1, Category.WRITE, OFFSET + 8, 4096, kmirrord));
        assertThat(r.legGaps(MIR)).containsExactly(240L);
        assertThat(r.legGaps(OTHER)).isEmpty();
    }

    private static final int LOG = (253 << 20) | 7;

    @Test
    void withADiskLogAWriteIsTakenWhenTheLogFlushBeforeItsLegWriteBegan() {
        MirrorWorkerRuns r = new MirrorWorkerRuns(List.of(new MirrorWorkerRuns.Mirror(MIR, LEG0, OFFSET,
                Set.of(LEG0, LEG1), 256, LOG)));
        r.accept(q(100, MIR, Category.WRITE, 8, 4096));
        r.accept(q(120, LEG0, Category.WRITE | Category.FLUSH, 0, 0)); // mirror_flush: the run began here
        r.accept(q(130, LEG1, Category.WRITE | Category.FLUSH, 0, 0));
        r.accept(q(200, LOG, Category.WRITE, 0, 3 * 512)); // the log area
        r.accept(q(250, LOG, Category.WRITE | Category.FLUSH, 0, 0)); // flush_header
        r.accept(q(300, LEG0, Category.WRITE, OFFSET + 8, 4096)); // do_write
        r.accept(q(400, MIR, Category.WRITE, 16, 4096));
        r.accept(q(500, LOG, Category.WRITE, 0, 3 * 512)); // a log write with no leg flush before it
        r.accept(q(600, LEG0, Category.WRITE, OFFSET + 16, 4096));
        r.accept(q(700, MIR, Category.WRITE, 24, 4096)); // queued after the last log flush began
        r.accept(q(800, LEG0, Category.WRITE, OFFSET + 24, 4096)); // its run flushed nothing
        assertThat(r.taken(MIR).get(8L)).containsExactly(100, 120);
        assertThat(r.taken(MIR).get(16L)).containsExactly(400, 500);
        assertThat(r.taken(MIR).get(24L)).containsExactly(700, 800);
    }

    @Test
    void aReadOfARegionNotInSyncIsPairedWithKmirrordsLegReadAndARemappedReadIsDropped() {
        MirrorWorkerRuns r = runs();
        r.accept(q(100, MIR, Category.READ, 8, 4096)); // queued for kmirrord
        r.accept(q(110, MIR, Category.READ, 64, 4096)); // mirror_map remaps it itself
        r.accept(new BlockEvent(111, 0, OFFSET + 64, 4096, Category.READ | REMAP, 1, LEG0, 0, 0,
                remapPdu(MIR, LEG0, 64)));
        r.accept(q(112, LEG0, Category.READ, OFFSET + 64, 4096));
        r.accept(q(300, LEG0, Category.READ, OFFSET + 8, 4096)); // kmirrord's read_async_bio
        r.accept(q(400, LEG0, Category.READ, OFFSET + 256, 256 * 512)); // kcopyd: a recovery read, not a take
        assertThat(r.readsTaken(MIR)).containsOnlyKeys(8L);
        assertThat(r.readsTaken(MIR).get(8L)).containsExactly(100, 300);
        assertThat(r.taken(MIR)).isEmpty();
    }

    @Test
    void aRegionsRecoveryStartsAtKcopydsFirstWholeRegionReadOfTheDefaultLeg() {
        MirrorWorkerRuns r = runs();
        r.accept(q(100, LEG0, Category.READ, OFFSET, 256 * 512)); // region 0
        r.accept(q(200, LEG0, Category.READ, OFFSET + 256, 256 * 512)); // region 1
        r.accept(q(300, LEG0, Category.READ, OFFSET + 256, 256 * 512)); // read again: the first counts
        r.accept(q(400, LEG0, Category.READ, OFFSET + 512, 8 * 512)); // kmirrord's read of a region not in sync
        r.accept(q(500, LEG0, Category.READ, OFFSET + 1000, 256 * 512)); // not at a region boundary
        r.accept(q(600, LEG1, Category.READ, OFFSET + 768, 256 * 512)); // not the default leg
        assertThat(r.recoveryStarts(MIR)).containsOnly(java.util.Map.entry(0L, 100L), java.util.Map.entry(1L, 200L));
        assertThat(r.taken(MIR)).isEmpty();
    }
}
