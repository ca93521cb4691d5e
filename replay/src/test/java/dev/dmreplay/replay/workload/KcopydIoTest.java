package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which I/O on a copy source or zeroed device the survey takes for kcopyd's. */
class KcopydIoTest {
    private static final int ORIGIN = 253 << 20;
    private static final int POOL = (253 << 20) | 2;
    private static final int OTHER = 8 << 20;

    private static BlockEvent q(long t, int dev, int category, long sector, int sectors) {
        return new BlockEvent(t, 0, sector, sectors * 512, category | 1, 1, dev, 0, 0, null);
    }

    @Test
    void ioWithoutARemapOfAtLeastTheUnitIsKcopyds() {
        KcopydIo r = new KcopydIo(Map.of(ORIGIN, 1L, POOL, 128L));
        r.accept(q(100, ORIGIN, Category.READ, 64, 8));
        r.accept(q(300, ORIGIN, Category.READ, 64, 8)); // the second snapshot's copy of the chunk
        r.accept(q(400, OTHER, Category.READ, 64, 8)); // not watched
        r.accept(q(500, POOL, Category.WRITE, 1024, 128)); // a block zeroed
        r.accept(q(600, POOL, Category.WRITE, 2048, 8)); // smaller than a block: not kcopyd's
        r.accept(q(700, POOL, Category.DISCARD | Category.WRITE, 4096, 128)); // a discard passdown
        assertThat(r.reads(ORIGIN)).containsOnlyKeys(64L);
        assertThat(r.reads(ORIGIN).get(64L)).containsExactly(100, 300);
        assertThat(r.writes(POOL)).containsOnlyKeys(1024L);
        assertThat(r.writes(POOL).get(1024L)).containsExactly(500);
        assertThat(r.reads(OTHER)).isEmpty();
    }

    @Test
    void theWatchedDevicesAreListedInDeviceNumberOrderOnEveryRun() {
        // they are named in a note of the replay: an order that changed from one JVM run to the next made two runs'
        // outputs differ (Map.copyOf's iteration order is salted per run)
        KcopydIo r = new KcopydIo(Map.of(POOL, 128L, OTHER, 1L, ORIGIN, 1L, (253 << 20) | 1, 8L));
        assertThat(r.devices()).containsExactly(OTHER, ORIGIN, (253 << 20) | 1, POOL);
    }

    private static BlockEvent q(long t, int pid, int dev, int category, long sector, int sectors) {
        return new BlockEvent(t, 0, sector, sectors * 512, category | 1, pid, dev, 0, 0, null);
    }

    @Test
    void eachCopyReadIsOwnedByTheCowItsWriteWentTo() {
        // two snapshots of one origin each copy chunk 64 (__origin_write, dm-snap.c 6.1): cow2's worker (task 94)
        // read it first, then ran late; cow1's worker (task 17) read it and chunk 96 and wrote both at once. Neither
        // the order of the reads nor the origin's sector says whose copy each read was
        int cow1 = (253 << 20) | 1;
        int cow2 = (253 << 20) | 2;
        KcopydIo r = new KcopydIo(Map.of(ORIGIN, 1L, cow1, 1L, cow2, 1L), java.util.Set.of(cow1, cow2));
        r.accept(q(100, 94, ORIGIN, Category.READ, 64, 32));
        r.accept(c(150, ORIGIN, 64, 32));
        r.accept(q(300, 17, ORIGIN, Category.READ, 64, 32));
        r.accept(q(310, 17, ORIGIN, Category.READ, 96, 32));
        r.accept(c(380, ORIGIN, 64, 32));
        r.accept(c(390, ORIGIN, 96, 32));
        r.accept(q(400, 17, cow1, Category.WRITE, 1024, 32));
        r.accept(q(410, 17, cow1, Category.WRITE, 1056, 32));
        r.accept(q(420, 17, cow1, Category.WRITE | Category.FLUSH | Category.FUA, 32, 32)); // its commit
        r.accept(q(500, 662, cow1, Category.WRITE | Category.SYNC, 2048, 32)); // snap1's own write: no copy's
        r.accept(q(900, 94, cow2, Category.WRITE, 1024, 32));
        r.accept(q(950, 23, ORIGIN, Category.READ, 96, 32)); // cow2's read of 96 on another CPU's worker,
        r.accept(q(960, 94, cow2, Category.WRITE, 1088, 32)); // not complete yet: this write is not its copy
        r.accept(c(980, ORIGIN, 96, 32));
        r.accept(q(990, 94, cow2, Category.WRITE, 1056, 32)); // its write, by another task
        assertThat(r.readCows(ORIGIN)).isEqualTo(Map.of(64L, Map.of(100L, cow2, 300L, cow1),
                96L, Map.of(310L, cow1, 950L, cow2)));
    }

    @Test
    void aChunksTwoReadsInOneRunGoOneToEachCow() {
        // one worker run read chunks 64 and 96 for both snapshots, then wrote cow1's two copies before cow2's: a
        // snapshot copies a chunk once, so cow1's second write is not the second read of chunk 64
        int cow1 = (253 << 20) | 1;
        int cow2 = (253 << 20) | 2;
        KcopydIo r = new KcopydIo(Map.of(ORIGIN, 1L, cow1, 1L, cow2, 1L), java.util.Set.of(cow1, cow2));
        r.accept(q(100, 22, ORIGIN, Category.READ, 64, 32));
        r.accept(q(110, 22, ORIGIN, Category.READ, 64, 32));
        r.accept(q(120, 22, ORIGIN, Category.READ, 96, 32));
        r.accept(q(130, 22, ORIGIN, Category.READ, 96, 32));
        for (long s : new long[] {64, 64, 96, 96}) {
            r.accept(c(200, ORIGIN, s, 32));
        }
        r.accept(q(300, 22, cow1, Category.WRITE, 1024, 32));
        r.accept(q(310, 22, cow1, Category.WRITE, 1056, 32));
        r.accept(q(320, 22, cow2, Category.WRITE, 1024, 32));
        r.accept(q(330, 22, cow2, Category.WRITE, 1056, 32));
        assertThat(r.readCows(ORIGIN)).isEqualTo(Map.of(64L, Map.of(100L, cow1, 110L, cow2),
                96L, Map.of(120L, cow1, 130L, cow2)));
    }

    private static BlockEvent c(long t, int dev, long sector, int sectors) {
        return new BlockEvent(t, 0, sector, sectors * 512, Category.READ | Category.COMPLETE | 8, 0, dev, 0, 0, null);
    }
}
