package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The worker passes of a pool with {@code skip_block_zeroing}: no kcopyd write shows a new block there
 * ({@code schedule_zero} → {@code process_prepared_mapping} at once, dm-thin.c v6.1), so the worker's first remap
 * onto a block above all the pool was seen using is the provisioning. The records are those of the captured 6.1
 * kernel (x-thin-nozero, 32 KiB random writes into 64 KiB blocks): its first pass took 57792 alone (block 0) before
 * 50624 was queued, and committed; the second took 50624 and 91776 (blocks 1, 2) while 36608, queued during the
 * commit, waited for the root lock; the third took 36608, 60736 and 77248 (blocks 3-5). Whole-block writes and
 * split remainders are provisioned the same way (t-thin-striped: 128 KiB writes into 64 KiB blocks).
 */
class ThinWorkerRunsUnzeroedTest {
    private static final int POOL = (253 << 20) | 2;
    private static final int META = (253 << 20);
    private static final int DATA = (253 << 20) | 1;
    private static final int THIN = (253 << 20) | 3;
    private static final int Q = 1;
    private static final int A = 15;
    private static final int X = 13;
    private static final int FIO = 629;
    private static final int WORKER = 47;
    private static final long US = 1_000L;

    private static BlockEvent queued(long t, long sector, int sectors) {
        return new BlockEvent(t, 0, sector, sectors * 512, Category.WRITE | Q, FIO, THIN, 0, 0, null);
    }

    /** The split record of a remainder at {@code sector} (6.1's {@code dm_split_and_process_bio}). */
    private static BlockEvent split(long t, long sector, int sectors) {
        ByteBuffer pdu = ByteBuffer.allocate(8);
        pdu.putLong(sector);
        return new BlockEvent(t, 0, sector, sectors * 512, Category.WRITE | X, FIO, THIN, 0, 0, pdu.array());
    }

    private static BlockEvent remap(long t, long sector, int sectors, long from, int pid) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(THIN).putInt(POOL).putLong(from);
        return new BlockEvent(t, 0, sector, sectors * 512, Category.WRITE | A, pid, POOL, 0, 0, pdu.array());
    }

    private static ThinWorkerRuns survey(boolean zeroes) {
        ThinWorkerRuns runs = new ThinWorkerRuns(
                List.of(new ThinWorkerRuns.Pool(POOL, META, DATA, Set.of(THIN), 128, zeroes)));
        for (BlockEvent e : List.of(
                queued(576_947 * US, 57792, 64),
                queued(577_574 * US, 50624, 64),
                remap(578_966 * US, 64, 64, 57792, WORKER),
                queued(580_267 * US, 91776, 64),
                queued(580_512 * US, 36608, 64),
                queued(584_165 * US, 77248, 64),
                remap(584_310 * US, 192, 64, 50624, WORKER),
                remap(590_719 * US, 256, 64, 91776, WORKER),
                queued(590_987 * US, 60736, 64),
                remap(591_145 * US, 384, 64, 36608, WORKER),
                remap(591_430 * US, 576, 64, 60736, WORKER),
                remap(591_798 * US, 704, 64, 77248, WORKER),
                // a whole-block write: provisioned like any other
                queued(600_000 * US, 1024, 128),
                remap(600_500 * US, 768, 128, 1024, WORKER),
                // the map path's remap onto block 6 (the write to 1024's block): no allocation
                queued(601_000 * US, 1024, 64),
                remap(601_010 * US, 768, 64, 1024, FIO),
                // a two-block write split by DM: its remainder's X stands for its Q, and both pieces are in the
                // pass that took them; 1536, queued while that pass ran, got a later block with a lower sector
                queued(620_000 * US, 2048, 256),
                split(620_050 * US, 2176, 128),
                queued(620_300 * US, 1536, 64),
                remap(621_000 * US, 896, 128, 2048, WORKER),
                remap(621_400 * US, 1024, 128, 2176, WORKER),
                remap(621_800 * US, 1152, 64, 1536, WORKER))) {
            runs.accept(e);
        }
        return runs;
    }

    private static long key(ThinWorkerRuns runs, long sector) {
        long[] pairs = runs.passKeys(THIN).get(sector);
        assertThat(pairs).as("sector %d", sector).hasSize(2);
        return pairs[1];
    }

    @Test
    void theWorkersFirstRemapOntoANewBlockPlacesItsBioInAPass() {
        ThinWorkerRuns runs = survey(false);
        assertThat(runs.passKeys(THIN)).containsOnlyKeys(57792L, 50624L, 91776L, 36608L, 60736L, 77248L, 1024L,
                2048L, 2176L, 1536L);
        assertThat(key(runs, 57792)).isEqualTo(576_947 * US);
        // 50624 was queued before the first remap of the run but got a later block than 57792 with a lower sector:
        // a later pass, which took 91776 too (ascending, queued before 50624's remap)
        assertThat(key(runs, 50624)).isEqualTo(580_267 * US);
        assertThat(key(runs, 91776)).isEqualTo(580_267 * US);
        // 36608, queued before 50624 was remapped, comes after 91776 in block order with a lower sector: the pass
        // after, whose latest Q is 60736's
        assertThat(key(runs, 36608)).isEqualTo(590_987 * US);
        assertThat(key(runs, 60736)).isEqualTo(590_987 * US);
        assertThat(key(runs, 77248)).isEqualTo(590_987 * US);
        assertThat(key(runs, 1024)).isEqualTo(600_000 * US);
    }

    @Test
    void theRemainderOfASplitWriteIsInThePassOfItsFirstPiece() {
        ThinWorkerRuns runs = survey(false);
        assertThat(key(runs, 2048)).isEqualTo(620_050 * US);
        assertThat(key(runs, 2176)).as("keyed by its split record").isEqualTo(620_050 * US);
        assertThat(key(runs, 1536)).isEqualTo(620_300 * US);
    }

    /**
     * A zeroing pool zeroes a new block before a part-block write goes to it, so without that zeroing write (none in
     * this trace) a part-block remap is not a provisioning; a whole-block write is never zeroed before
     * ({@code io_overwrites_block} → {@code remap_and_issue_overwrite}), so its remap shows the new block there too.
     */
    @Test
    void aZeroingPoolKeysOnlyWholeBlockWritesWithoutAZeroingWrite() {
        ThinWorkerRuns runs = survey(true);
        assertThat(runs.passKeys(THIN)).containsOnlyKeys(1024L, 2048L, 2176L);
        assertThat(key(runs, 2176)).isEqualTo(620_050 * US);
    }

    /**
     * On a zeroing pool a write across a block boundary is two cells, both zeroed into new blocks: the remainder's
     * split record keys its pass as the first piece's Q does (s-thin-passdown, 3.5 KiB writes at queue depth 16:
     * the kernel gave 4606+2 and 4608+5 consecutive blocks in one pass).
     */
    @Test
    void onAZeroingPoolTheRemainderOfAWriteAcrossABlockBoundaryIsInItsPass() {
        ThinWorkerRuns runs = new ThinWorkerRuns(
                List.of(new ThinWorkerRuns.Pool(POOL, META, DATA, Set.of(THIN), 128, true)));
        for (BlockEvent e : List.of(
                queued(700_000 * US, 4606, 7),
                split(700_010 * US, 4608, 5),
                queued(700_020 * US, 9000, 8),
                zeroing(700_500 * US, 62),
                zeroing(700_600 * US, 63),
                zeroing(700_700 * US, 64),
                remap(701_000 * US, 62 * 128 + 126, 2, 4606, WORKER),
                remap(701_100 * US, 63 * 128, 5, 4608, WORKER),
                remap(701_200 * US, 64 * 128 + 40, 8, 9000, WORKER))) {
            runs.accept(e);
        }
        assertThat(key(runs, 4606)).isEqualTo(700_020 * US);
        assertThat(key(runs, 4608)).as("keyed by its split record").isEqualTo(700_020 * US);
        assertThat(key(runs, 9000)).isEqualTo(700_020 * US);
    }

    /** kcopyd's zeroing of new block {@code block} on the pool device (a Q without a remap). */
    private static BlockEvent zeroing(long t, long block) {
        return new BlockEvent(t, 0, block * 128, 128 * 512, Category.WRITE | Q, WORKER, POOL, 0, 0, null);
    }

    @Test
    void aBlockBelowTheHighestSeenIsNotNew() {
        UnzeroedProvisions u = new UnzeroedProvisions(128);
        assertThat(u.remap(5 * 128, false)).as("a read of a block mapped before the trace").isFalse();
        assertThat(u.remap(3 * 128 + 64, true)).as("below it: mapped before the trace too").isFalse();
        assertThat(u.remap(6 * 128 + 8, true)).isTrue();
        assertThat(u.remap(6 * 128 + 16, true)).as("its second write").isFalse();
        assertThat(u.remap(7 * 128, true)).as("a whole block").isTrue();
        assertThat(u.remap(8 * 128, true)).isTrue();
    }
}
