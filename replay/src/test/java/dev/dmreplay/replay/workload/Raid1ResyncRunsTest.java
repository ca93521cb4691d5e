package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the survey learns of md's resync thread from a raid1's data legs. */
class Raid1ResyncRunsTest {
    private static final int LEG0 = 254 << 20;
    private static final int LEG1 = (254 << 20) | 16;
    private static final int OTHER = 8 << 20;
    private static final int Q = 1;

    private static BlockEvent q(long t, int dev, int category, long sector, int sectors) {
        return new BlockEvent(t, 0, sector, sectors * 512, category | Q, 1, dev, 0, 0, null);
    }

    @Test
    void theFirstWholeWindowReadOfASectorIsWhenTheResyncReachedIt() {
        Raid1ResyncRuns r = new Raid1ResyncRuns(List.of(LEG0, LEG1));
        r.accept(q(100, LEG0, Category.READ, 0, 128));
        r.accept(q(200, LEG0, Category.READ, 128, 128));
        r.accept(q(300, LEG0, Category.READ, 128, 128)); // a second pass (a repair): the first counts
        r.accept(q(400, LEG0, Category.READ, 256, 8)); // an application read
        r.accept(q(500, LEG1, Category.WRITE, 0, 128)); // the resync's write to the other leg
        r.accept(q(600, OTHER, Category.READ, 384, 128)); // not a data leg
        assertThat(r.windowReads(LEG0)).containsOnly(Map.entry(0L, 100L), Map.entry(128L, 200L));
        assertThat(r.windowReads(LEG1)).isEmpty();
        assertThat(r.windowReads(OTHER)).isEmpty();
    }
}
