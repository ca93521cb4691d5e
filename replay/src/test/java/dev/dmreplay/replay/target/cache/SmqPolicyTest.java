package dev.dmreplay.replay.target.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link SmqPolicy} against sequences worked by hand from dm-cache-policy-smq.c (6.1). The cache in every case has
 * 64 KiB blocks over a 256 MiB origin, so {@code calc_hotspot_params} gives hotspot blocks of 4 cache blocks
 * (1 MiB × 1024 hotspot blocks would exceed the origin, 512 KiB too, 256 KiB fits), and the policy is made at
 * t = 0, its waker next ticking at 0.5 s.
 */
class SmqPolicyTest {
    private static final long ORIGIN_SECTORS = 524288;
    private static final long BLOCK_SECTORS = 128;
    private final long[] now = {0};

    private SmqPolicy smq(long cacheBlocks, boolean cleaner) {
        return new SmqPolicy(cacheBlocks, ORIGIN_SECTORS, BLOCK_SECTORS, cleaner, () -> now[0]);
    }

    private static final long MS = 1_000_000L;

    @Test
    void hotspotBlocksAreFourCacheBlocks() {
        SmqPolicy p = smq(1024, false);
        assertThat(p.cacheBlocksPerHotspotBlock).isEqualTo(4);
        assertThat(p.nrHotspotBlocks).isEqualTo(1024);
        assertThat(p.hotspot.nrInTopLevels).isEqualTo(16); // min(1024 / 64, 1024 / 4)
    }

    @Test
    void beforeAnyTickOnlyAWholeBlockWriteIsPromotedAndGetsTheFirstCacheBlock() {
        SmqPolicy p = smq(1024, false);
        // promote levels start at 64, which no hotspot level reaches
        CachePolicy.Lookup partial = p.lookup(0, true, false);
        assertThat(partial.hit()).isFalse();
        assertThat(partial.backgroundQueued()).isFalse();
        assertThat(p.hotspotLevel(0)).isZero();
        // PROMOTE_TEMPORARY: a fast-copy write while a block is free, handed back at once; alloc_entry pops the
        // free list's head, cache block 0
        CachePolicy.Lookup whole = p.lookup(8, true, true);
        assertThat(whole.work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 8, 0));
        assertThat(whole.backgroundQueued()).isTrue();
        assertThat(p.residency()).isEqualTo(1);
        // a read of the same block is no fast copy: not promoted
        assertThat(p.lookup(16, false, false).backgroundQueued()).isFalse();
        assertThat(p.backgroundWork(true)).isNull();
    }

    @Test
    void ticksSetPromoteLevelsAndTheHotspotPeriodRedistributesAndPromotes() {
        SmqPolicy p = smq(1024, false);
        p.lookup(0, true, false); // hotspot block 0 enters at level 0
        now[0] = 10 * MS; // jiffy 2: a tick bio completes, the hotspot period (ends at 0.5 s) is not over
        p.tick();
        // hotspot stats 0 hits / 1 miss: POOR, threshold 64 / 4, promote level 48; the level jump is still 1
        assertThat(p.writePromoteLevel).isEqualTo(48);
        assertThat(p.readPromoteLevel).isEqualTo(48);
        p.lookup(1, true, false); // same hotspot block, first hit this tick: up one level
        assertThat(p.hotspotLevel(1)).isEqualTo(1);
        p.lookup(2, true, false); // second hit in the same tick: no move
        assertThat(p.hotspotLevel(2)).isEqualTo(1);
        // 0.6 s: the waker's tick at 0.5 s ends the period: still POOR (3 misses), so the jump becomes 4, and the
        // redistribution gives the top 8 levels 16 entries (2 each) and the rest none: the lone entry rises to 56
        now[0] = 600 * MS;
        CachePolicy.Lookup l = p.lookup(3, false, false);
        // the lookup counted a hit (56 >= 48), moved it up by the new jump (first hit since the tick): 60 >= 48
        assertThat(p.hotspotLevel(3)).isEqualTo(60);
        assertThat(l.backgroundQueued()).isTrue();
        assertThat(l.work()).isNull();
        assertThat(p.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 3, 0));
        // a promoted block enters the top level; init_entry made it dirty, the core's clear_dirty moves it over
        p.complete(new PolicyWork(PolicyWork.Op.PROMOTE, 3, 0), true);
        p.clearDirty(0);
        assertThat(p.cacheLevel(3)).isEqualTo(63);
        assertThat(p.clean.size()).isEqualTo(1);
        assertThat(p.dirty.size()).isZero();
        assertThat(p.lookup(3, false, false).cblock()).isEqualTo(0);
    }

    /**
     * alloc_entry of 6.1 pops the free list's head (since "dm cache policy smq: allocate cache blocks in order",
     * v4.13) and free_entry adds to its tail: a fresh cache hands out 0, 1, 2, ... and a freed block is reused only
     * after every block that was free before it. Popping the tail (the pre-4.13 order) would hand out 3, 2, ...
     * and reuse the freed block at once.
     */
    @Test
    void cacheBlocksAreHandedOutFromZeroUpAndAFreedOneGoesToTheBack() {
        SmqPolicy p = smq(4, false);
        assertThat(p.lookup(10, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 10, 0));
        PolicyWork second = p.lookup(20, true, true).work();
        assertThat(second).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 20, 1));
        p.complete(second, false); // an aborted promotion frees its block: to the free list's tail
        assertThat(p.lookup(30, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 30, 2));
        assertThat(p.lookup(40, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 40, 3));
        assertThat(p.lookup(50, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 50, 1));
        assertThat(p.residency()).isEqualTo(4);
    }

    @Test
    void aFullCacheDemotesTheOldestCleanBlockOfTheLowerHalfThenReusesItsBlock() {
        SmqPolicy p = smq(4, false);
        // loaded mappings get level hash_32(cblock, 9) & 63: 0, 3, 7, 10 for cache blocks 0..3
        for (int c = 0; c < 4; c++) {
            p.loadMapping(100 + c, c, false);
        }
        assertThat(p.cacheLevel(100)).isZero();
        assertThat(p.cacheLevel(101)).isEqualTo(3);
        assertThat(p.cacheLevel(102)).isEqualTo(7);
        assertThat(p.cacheLevel(103)).isEqualTo(10);
        p.lookup(40, false, false);
        now[0] = 600 * MS; // period over: the entry of hotspot block 10 rises to 56 (one top entry here)
        CachePolicy.Lookup l = p.lookup(40, false, false);
        // promote, but no free block and 0 free < 25 % of 4: queue_demotion takes level 0's oldest clean block
        assertThat(l.backgroundQueued()).isTrue();
        PolicyWork demote = p.backgroundWork(false);
        assertThat(demote).isEqualTo(new PolicyWork(PolicyWork.Op.DEMOTE, 100, 0));
        assertThat(p.backgroundWork(false)).isNull();
        p.complete(demote, true);
        assertThat(p.residency()).isEqualTo(3);
        assertThat(p.lookup(100, false, false).hit()).isFalse();
        // the freed entry went to the free list's tail; it is the only free one, so the next one handed out
        assertThat(p.lookup(40, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 40, 0));
    }

    @Test
    void writeBackCleansOnlyWhenIdleAndTheCleanerAlways() {
        SmqPolicy p = smq(1024, false);
        p.loadMapping(7, 0, true);
        assertThat(p.backgroundWork(false)).isNull(); // busy: clean_target_met
        PolicyWork wb = p.backgroundWork(true);
        assertThat(wb).isEqualTo(new PolicyWork(PolicyWork.Op.WRITEBACK, 7, 0));
        p.clearDirty(0);
        p.complete(wb, true);
        assertThat(p.dirty.size()).isZero();
        assertThat(p.clean.size()).isEqualTo(1);
        assertThat(p.backgroundWork(true)).isNull();

        SmqPolicy cleaner = smq(1024, true);
        cleaner.loadMapping(7, 0, true);
        assertThat(cleaner.lookup(16, true, true).work()).isNull(); // no promotions
        assertThat(cleaner.residency()).isEqualTo(1);
        assertThat(cleaner.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.WRITEBACK, 7, 0));
    }

    @Test
    void aHitMovesADirtyBlockUpOncePerCachePeriodSwappingWithTheLevelAbove() {
        SmqPolicy p = smq(1024, false);
        p.loadMapping(50, 0, true); // level 0
        p.loadMapping(51, 1, true); // level 3
        p.loadMapping(52, 108, true); // level hash_32(108, 9) & 63 = 1
        assertThat(p.cacheLevel(52)).isEqualTo(1);
        p.lookup(50, false, false);
        // level 0 -> 1; the first entry of level 1 (block 52) takes level 0
        assertThat(p.cacheLevel(50)).isEqualTo(1);
        assertThat(p.cacheLevel(52)).isZero();
        p.lookup(50, false, false); // its hit bit is set until the cache period ends: no move
        assertThat(p.cacheLevel(50)).isEqualTo(1);
    }

    @Test
    void invalidationFreesTheBlockAndAnUnmappedOneIsHarmless() {
        SmqPolicy p = smq(1024, false);
        p.loadMapping(9, 3, false);
        assertThat(p.invalidate(3)).isTrue();
        assertThat(p.residency()).isZero();
        assertThat(p.lookup(9, false, false).hit()).isFalse();
        assertThat(p.invalidate(3)).isFalse();
    }

    @Test
    void theBackgroundTrackerIssuesNewestFirstOnePerOriginBlock() {
        BackgroundTracker b = new BackgroundTracker(2);
        PolicyWork a = new PolicyWork(PolicyWork.Op.DEMOTE, 1, 0);
        PolicyWork c = new PolicyWork(PolicyWork.Op.WRITEBACK, 2, 1);
        assertThat(b.queue(a, false)).isEqualTo(BackgroundTracker.Queued.QUEUED);
        assertThat(b.queue(new PolicyWork(PolicyWork.Op.PROMOTE, 1, 5), false))
                .isEqualTo(BackgroundTracker.Queued.DUPLICATE);
        assertThat(b.queue(c, false)).isEqualTo(BackgroundTracker.Queued.QUEUED);
        assertThat(b.queue(new PolicyWork(PolicyWork.Op.PROMOTE, 3, 6), false)).isEqualTo(BackgroundTracker.Queued.FULL);
        assertThat(b.demotions()).isEqualTo(1);
        assertThat(b.issue()).isEqualTo(c);
        assertThat(b.issue()).isEqualTo(a);
        assertThat(b.issue()).isNull();
        b.complete(a);
        assertThat(b.demotions()).isZero();
        assertThat(b.present(1)).isFalse();
        assertThat(b.present(2)).isTrue();
    }
}
