package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which reads on a snapshot origin the survey takes for kcopyd's. */
class KcopydReadsTest {
    private static final int ORIGIN = 253 << 20;
    private static final int OTHER = 8 << 20;

    private static BlockEvent q(long t, int dev, int category, long sector) {
        return new BlockEvent(t, 0, sector, 4096, category | 1, 1, dev, 0, 0, null);
    }

    @Test
    void readsWithoutARemapAreKcopyds() {
        KcopydReads r = new KcopydReads(Set.of(ORIGIN));
        r.accept(q(100, ORIGIN, Category.READ, 64));
        r.accept(q(200, ORIGIN, Category.WRITE, 64)); // the held origin write, released: not a read
        r.accept(q(300, ORIGIN, Category.READ, 64)); // the second snapshot's copy of the chunk
        r.accept(q(400, OTHER, Category.READ, 64)); // not a copy source
        assertThat(r.reads(ORIGIN)).containsOnlyKeys(64L);
        assertThat(r.reads(ORIGIN).get(64L)).containsExactly(100, 300);
        assertThat(r.reads(OTHER)).isEmpty();
    }
}
