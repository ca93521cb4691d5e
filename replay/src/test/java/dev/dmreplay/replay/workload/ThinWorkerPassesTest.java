package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which pass of the pool worker provisioned each new block ({@link ThinWorkerPasses}): in block order a pass is a
 * run of ascending thin sectors whose bios were all queued before any of them was remapped; its key is the latest
 * of those Qs, the earliest moment the kernel's pass can have taken its list.
 */
class ThinWorkerPassesTest {
    private static final long BLOCK = 128;
    private static final int THIN0 = 0xfd00003;
    private static final int THIN1 = 0xfd00004;

    /** The pool zeroes block {@code block} just before the worker remaps the thin bio onto it. */
    private static void provision(ThinWorkerPasses p, int thin, long sector, long queued, long block, long at) {
        p.ownWrite(block * BLOCK, BLOCK, at);
        p.remap(thin, sector, queued, block * BLOCK + sector % BLOCK, at, true);
    }

    private static long key(ThinWorkerPasses p, int thin, long sector) {
        long[] pairs = p.keys().get(thin).get(sector);
        assertThat(pairs).hasSize(2);
        return pairs[1];
    }

    @Test
    void aLowerSectorAfterAHigherOneStartsTheNextPass() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        // the kernel took 68112, 84184, 84448 (queued at 10, 20, 30) and gave them blocks 403-405; 77440, queued
        // at 40 just after that take, came first in the next pass (block 406), with 95216 queued at 35
        provision(p, THIN0, 68112, 10, 403, 100);
        provision(p, THIN0, 84184, 20, 404, 101);
        provision(p, THIN0, 84448, 30, 405, 102);
        provision(p, THIN0, 77440, 40, 406, 103);
        provision(p, THIN0, 95216, 35, 407, 104);
        assertThat(p.size()).isEqualTo(5);
        assertThat(key(p, THIN0, 68112)).isEqualTo(30);
        assertThat(key(p, THIN0, 84448)).isEqualTo(30);
        assertThat(key(p, THIN0, 77440)).isEqualTo(40);
        assertThat(key(p, THIN0, 95216)).isEqualTo(40);
    }

    @Test
    void aBioQueuedAfterARemapOfTheRunIsInALaterPassEvenInSectorOrder() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        provision(p, THIN0, 20832, 1_000, 400, 2_000);
        provision(p, THIN0, 38504, 1_100, 401, 2_100);
        // queued long after block 400 was remapped: that pass had taken its list by then
        provision(p, THIN0, 68112, 300_000, 402, 301_000);
        assertThat(key(p, THIN0, 20832)).isEqualTo(1_100);
        assertThat(key(p, THIN0, 38504)).isEqualTo(1_100);
        assertThat(key(p, THIN0, 68112)).isEqualTo(300_000);
    }

    @Test
    void aBioQueuedAfterThePoolBeganToZeroABlockOfTheRunIsInALaterPass() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        // the pass took 1824 (queued at 169 ms) and kcopyd wrote its new block 318 at 185 ms, but the worker got to
        // the prepared mapping only at 189 ms: 6288 and 10304, queued at 187 and 188 ms in ascending sectors, were
        // taken by the next pass, after that block was allocated
        p.ownWrite(318 * BLOCK, BLOCK, 185_000);
        p.ownWrite(319 * BLOCK, BLOCK, 198_000);
        p.ownWrite(320 * BLOCK, BLOCK, 199_000);
        p.remap(THIN1, 1824, 169_000, 318 * BLOCK + 1824 % BLOCK, 189_000, true);
        p.remap(THIN1, 6288, 187_000, 319 * BLOCK + 6288 % BLOCK, 200_000, true);
        p.remap(THIN1, 10304, 188_000, 320 * BLOCK + 10304 % BLOCK, 205_000, true);
        assertThat(key(p, THIN1, 1824)).isEqualTo(169_000);
        assertThat(key(p, THIN1, 6288)).isEqualTo(188_000);
        assertThat(key(p, THIN1, 10304)).isEqualTo(188_000);
    }

    @Test
    void aBlockLargerThanAKcopydSubJobIsZeroedInPiecesAndItsFirstPieceShowsTheAllocation() {
        // t-thin1m (1 MiB blocks): kcopyd zeroed each new block as two 512 KiB writes. The kernel's pass took
        // 39168 and 86272 (blocks 16, 17: their zeroing began at 820.6 ms); 77568, queued at 820.24 ms before that
        // zeroing, came after 86272 in block order with a lower sector, so a later pass took it with 33280
        long big = 2048;
        ThinWorkerPasses p = new ThinWorkerPasses(big);
        long[][] zeroed = {{16, 820_575}, {17, 822_436}, {18, 822_590}, {22, 823_295}};
        for (long[] z : zeroed) {
            p.ownWrite(z[0] * big, 1024, z[1]);
            p.ownWrite(z[0] * big + 1024, 1024, z[1] + 100); // the second piece: not the block's first record
        }
        p.remap(THIN0, 39168, 819_922, 16 * big + 256, 823_773, true);
        p.remap(THIN0, 86272, 820_151, 17 * big + 256, 824_000, true);
        p.remap(THIN0, 33280, 821_727, 18 * big + 512, 824_100, true);
        p.remap(THIN0, 77568, 820_239, 22 * big + 1792, 824_500, true);
        assertThat(p.size()).isEqualTo(4);
        assertThat(key(p, THIN0, 39168)).isEqualTo(820_151);
        assertThat(key(p, THIN0, 86272)).isEqualTo(820_151);
        assertThat(key(p, THIN0, 33280)).isEqualTo(821_727);
        assertThat(key(p, THIN0, 77568)).isEqualTo(821_727);
    }

    @Test
    void aPassGoesOnToTheNextThinDeviceAndEndsWhenAnEarlierOneComesBack() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        provision(p, THIN0, 5_000, 10, 1, 100);
        provision(p, THIN1, 64, 20, 2, 101); // same pass: the worker went on to thin1's list
        provision(p, THIN0, 9_000, 30, 3, 102); // thin0 again: the next pass
        assertThat(key(p, THIN0, 5_000)).isEqualTo(20);
        assertThat(key(p, THIN1, 64)).isEqualTo(20);
        assertThat(key(p, THIN0, 9_000)).isEqualTo(30);
    }

    @Test
    void onlyRemapsOntoBlocksThePoolHadJustPreparedCount() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        // a deferred read (or write) of a block mapped before the trace: no zeroing or copy, no allocation
        p.remap(THIN0, 368, 10, 2 * BLOCK + 368 % BLOCK, 20, true);
        // the map path's own remap onto a new block's neighbour: not the worker's
        p.ownWrite(5 * BLOCK, BLOCK, 30);
        p.remap(THIN0, 640, 30, 5 * BLOCK, 31, false);
        // a part-block write is not a zeroing
        p.ownWrite(6 * BLOCK, 8, 40);
        p.remap(THIN0, 768, 40, 6 * BLOCK, 50, true);
        assertThat(p.size()).isZero();
        assertThat(p.keys()).isEmpty();
        // once remapped, a prepared block is used up: a later remap onto it is an ordinary one
        provision(p, THIN0, 896, 60, 7, 70);
        p.remap(THIN0, 896, 80, 7 * BLOCK, 90, true);
        assertThat(p.keys()).containsOnlyKeys(THIN0);
        assertThat(p.keys().get(THIN0)).containsOnlyKeys(896L);
        assertThat(p.size()).isEqualTo(1);
        assertThat(key(p, THIN0, 896)).isEqualTo(60);
    }

    @Test
    void aPassTakesNoEarlierThanThePassBeforeIt() {
        ThinWorkerPasses p = new ThinWorkerPasses(BLOCK);
        // p-thin-extorigin: 84000 was queued at 742.56 ms while a commit held root_lock, 87200 at 745.11 ms; the
        // kernel's pass took 87200 alone (block 352) and the next one 84000 (block 353)
        provision(p, THIN0, 87200, 745_114_980, 352, 746_572_250);
        provision(p, THIN0, 84000, 742_558_630, 353, 746_512_690);
        assertThat(key(p, THIN0, 87200)).isEqualTo(745_114_980);
        assertThat(key(p, THIN0, 84000)).as("after the pass before it, not at its own Q")
                .isEqualTo(745_114_981);
    }
}
