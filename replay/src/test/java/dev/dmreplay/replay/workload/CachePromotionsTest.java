package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.target.cache.TracedPromotions;
import org.junit.jupiter.api.Test;

/** What the survey learns of a traced dm-cache's promotions ({@link CachePromotions}). */
class CachePromotionsTest {
    private static final int CACHED = (253 << 20) | 3;
    private static final int FAST = (253 << 20) | 1;
    private static final int ORIGIN = (253 << 20) | 2;
    private static final long MS = 1_000_000L;
    private static final int R = Category.READ;
    private static final int W = Category.WRITE;

    private static CachePromotions learn(TraceEvents t) {
        CachePromotions p = new CachePromotions(new CacheDevices(CACHED, FAST, ORIGIN, 128));
        t.list().forEach(p);
        return p;
    }

    @Test
    void aCopyReadIsAPromotionWhoseMissIsTheLastBioSentToTheOriginAndWhoseBlockTheFirstHitNames() {
        TraceEvents t = new TraceEvents();
        t.ev(1000 * MS, CACHED, TraceEvents.Q, W, 0, 8); // the trace's start
        // a miss of origin block 6: queued on the cache device at 1.010 s, remapped to the origin 1 ms later
        t.ev(1010 * MS, CACHED, TraceEvents.Q, W, 6 * 128 + 8, 8);
        t.remap(1011 * MS, W, CACHED, ORIGIN, 6 * 128 + 8, 8, 6 * 128 + 8);
        t.ev(1011 * MS, ORIGIN, TraceEvents.Q, W, 6 * 128 + 8, 8);
        // a write held while the block is migrated: queued, but not sent on
        t.ev(1015 * MS, CACHED, TraceEvents.Q, W, 6 * 128 + 16, 8);
        // a read miss of block 6 sent to the origin: the cache's clone, no copy
        t.ev(1016 * MS, CACHED, TraceEvents.Q, R, 6 * 128 + 32, 8);
        t.remap(1016 * MS, R, CACHED, ORIGIN, 6 * 128 + 32, 8, 6 * 128 + 32);
        t.ev(1016 * MS, ORIGIN, TraceEvents.Q, R, 6 * 128 + 32, 8);
        // kcopyd's copy read of the whole block (no remap onto the origin made it), in two pieces
        t.ev(1030 * MS, ORIGIN, TraceEvents.Q, R, 6 * 128, 64);
        t.ev(1030 * MS, ORIGIN, TraceEvents.Q, R, 6 * 128 + 64, 64);
        // the held write is released to the cache device's block 3
        t.remap(1040 * MS, W, CACHED, FAST, 3 * 128 + 16, 8, 6 * 128 + 16);
        CachePromotions p = learn(t);
        assertThat(p.shown()).isTrue();
        assertThat(p.size()).isEqualTo(1);
        TracedPromotions k = p.promotions();
        int i = k.due(6, 16 * MS);
        assertThat(i).isGreaterThanOrEqualTo(0);
        assertThat(k.cblock(i)).isEqualTo(3);
        assertThat(k.due(6, 15 * MS - 1)).isEqualTo(-1); // before the last miss (16 ms, less 0.5 ms): not yet
    }

    @Test
    void aWholeBlockWriteRemappedToAnUnmappedCacheBlockIsAPromotionByOverwrite() {
        TraceEvents t = new TraceEvents();
        t.ev(0, CACHED, TraceEvents.Q, W, 9 * 128, 128);
        t.remap(1 * MS, W, CACHED, FAST, 0, 128, 9 * 128);
        // a block the cache held before the trace began: a partial hit, not a promotion
        t.ev(2 * MS, CACHED, TraceEvents.Q, R, 4 * 128 + 8, 8);
        t.remap(2 * MS, R, CACHED, FAST, 1 * 128 + 8, 8, 4 * 128 + 8);
        // a second hit of block 9 maps nothing new
        t.remap(3 * MS, R, CACHED, FAST, 8, 8, 9 * 128 + 8);
        t.ev(4 * MS, ORIGIN, TraceEvents.Q, W, 0, 8);
        CachePromotions p = learn(t);
        assertThat(p.size()).isEqualTo(1);
        TracedPromotions k = p.promotions();
        assertThat(k.cblock(k.due(9, 1 * MS))).isZero();
        assertThat(k.due(4, 2 * MS)).isEqualTo(-1);
    }

    @Test
    void aTraceWithoutTheCachesOwnDevicesShowsNothing() {
        TraceEvents t = new TraceEvents();
        t.ev(0, CACHED, TraceEvents.Q, W, 0, 8);
        t.ev(1 * MS, CACHED, TraceEvents.C, W, 0, 8);
        assertThat(learn(t).shown()).isFalse();
        t.ev(2 * MS, ORIGIN, TraceEvents.Q, W, 0, 8);
        t.ev(3 * MS, FAST, TraceEvents.Q, Category.WRITE | Category.FLUSH, 0, 0); // an empty flush: traced
        CachePromotions p = learn(t);
        assertThat(p.shown()).isTrue();
        assertThat(p.size()).isZero();
    }
}
