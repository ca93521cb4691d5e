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
}
