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

    private static BlockEvent q(long t, int dev, int category, long sector) {
        return new BlockEvent(t, 0, sector, 4096, category | Q, 1, dev, 0, 0, null);
    }

    @Test
    void legWritesMarkRunsAndMirrorWritesAreKeptBySector() {
        MirrorWorkerRuns r = new MirrorWorkerRuns(List.of(new MirrorWorkerRuns.Mirror(MIR, Set.of(LEG0, LEG1))));
        r.accept(q(100, MIR, Category.WRITE, 8));
        r.accept(q(150, MIR, Category.READ, 16)); // a read: mirror_map remaps it, no kmirrord run for it
        r.accept(q(300, LEG0, Category.WRITE, 8));
        r.accept(q(310, LEG1, Category.WRITE, 8));
        r.accept(q(400, MIR, Category.WRITE, 8)); // the same sector again
        r.accept(q(900, LEG0, Category.WRITE, 8));
        r.accept(q(950, OTHER, Category.WRITE, 8)); // not a leg
        assertThat(r.mirrors()).containsExactly(MIR);
        assertThat(r.times(MIR)).containsExactly(300, 310, 900);
        assertThat(r.queuedAt(MIR)).containsOnlyKeys(8L);
        assertThat(r.queuedAt(MIR).get(8L)).containsExactly(100, 400);
        assertThat(r.times(OTHER)).isEmpty();
        assertThat(r.queuedAt(OTHER)).isEmpty();
    }
}
