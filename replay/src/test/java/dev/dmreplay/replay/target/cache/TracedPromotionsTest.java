package dev.dmreplay.replay.target.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * smq following a traced kernel's promotions ({@link TracedPromotions}, {@link SmqPolicy#follow}): a miss promotes
 * when, and only when, it stands for the kernel's promoting miss, into the kernel's cache block.
 */
class TracedPromotionsTest {
    private static final long MS = 1_000_000L;
    private final long[] now = {0};

    private SmqPolicy smq() {
        // 64 KiB blocks over a 256 MiB origin, 1024 cache blocks, made at t = 0 (as SmqPolicyTest)
        return new SmqPolicy(1024, 524288, 128, false, () -> now[0]);
    }

    @Test
    void aMissPromotesAtTheKernelsPromotingMissAndNotBefore() {
        // the kernel promoted origin block 7 on its miss at 40 ms (copy at 43 ms) into cache block 5, and block 9 on
        // a miss at 45 ms whose cache block the trace never showed
        TracedPromotions k = new TracedPromotions(new long[] {7, 9}, new long[] {40 * MS, 45 * MS},
                new long[] {43 * MS, 46 * MS}, new long[] {5, -1}, Long.MAX_VALUE);
        SmqPolicy p = smq();
        p.follow(k, 1000 * MS); // the trace started when the policy's clock read 1 s
        now[0] = 1010 * MS;
        assertThat(p.lookup(7, true, false).backgroundQueued()).isFalse(); // an earlier miss of the block
        now[0] = 1039_600_000L; // 0.4 ms before the kernel's miss: the same bio, mapped a little earlier
        CachePolicy.Lookup l = p.lookup(7, true, false);
        assertThat(l.hit()).isFalse();
        assertThat(l.backgroundQueued()).isTrue();
        assertThat(p.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 7, 5));
        // block 9 takes the free list's head, as alloc_entry would
        now[0] = 1045 * MS;
        assertThat(p.lookup(9, false, false).backgroundQueued()).isTrue();
        assertThat(p.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 9, 0));
        assertThat(k.followed()).isEqualTo(2);
        // a block the kernel never promoted is not, however often it misses
        for (int i = 0; i < 40; i++) {
            now[0] = 1050 * MS + i * 30 * MS;
            p.tick();
            assertThat(p.lookup(11, true, false).backgroundQueued()).isFalse();
        }
    }

    @Test
    void aKernelPromotionTheModelMissedTooLongIsDroppedAndTheListEndsAtItsHorizon() {
        TracedPromotions k = new TracedPromotions(new long[] {3, 4}, new long[] {10 * MS, 10 * MS},
                new long[] {12 * MS, 12 * MS}, new long[] {-1, -1}, 500 * MS);
        assertThat(k.due(3, 11 * MS)).isGreaterThanOrEqualTo(0);
        assertThat(k.due(3, 12 * MS + TracedPromotions.LATE_NS + 1)).isEqualTo(-1); // copy 100 ms before: dropped
        assertThat(k.dropped()).isEqualTo(1);
        assertThat(k.covers(499 * MS)).isTrue();
        assertThat(k.covers(500 * MS)).isFalse();
        // past the horizon the policy decides: a whole-block write while blocks are free still promotes at once
        SmqPolicy p = smq();
        p.follow(k, 0);
        now[0] = 600 * MS;
        assertThat(p.lookup(4, true, true).work()).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 4, 0));
    }

    @Test
    void aPromotionWhoseCacheBlockTheTraceNeverShowedLeavesTheBlocksOfTheKernelsLaterOnesFree() {
        // block 4's promotion at 10 ms was never hit again (cache block unknown); block 8's at 50 ms went to cache
        // block 0, which the free list would hand out first
        TracedPromotions k = new TracedPromotions(new long[] {4, 8}, new long[] {10 * MS, 50 * MS},
                new long[] {11 * MS, 51 * MS}, new long[] {-1, 0}, Long.MAX_VALUE);
        SmqPolicy p = smq();
        p.follow(k, 0);
        now[0] = 10 * MS;
        p.lookup(4, false, false);
        assertThat(p.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 4, 1));
        assertThat(k.claimed(0)).isTrue();
        now[0] = 50 * MS;
        p.lookup(8, false, false);
        assertThat(p.backgroundWork(false)).isEqualTo(new PolicyWork(PolicyWork.Op.PROMOTE, 8, 0));
        assertThat(k.claimed(0)).isFalse();
    }

    @Test
    void aBlockPromotedTwiceTakesItsPromotionsInOrder() {
        // promoted at 10 ms, (demoted,) promoted again at 300 ms into another cache block; given out of order
        TracedPromotions k = new TracedPromotions(new long[] {2, 2}, new long[] {300 * MS, 10 * MS},
                new long[] {302 * MS, 11 * MS}, new long[] {8, 1}, Long.MAX_VALUE);
        int first = k.due(2, 10 * MS);
        assertThat(k.cblock(first)).isEqualTo(1);
        k.follow(first);
        assertThat(k.due(2, 20 * MS)).isEqualTo(-1); // the next one's miss is not yet
        int second = k.due(2, 300 * MS);
        assertThat(k.cblock(second)).isEqualTo(8);
    }
}
