package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A request that grows in a replayed task's plug (page-cache writeback: each 4 KiB page back-merged into the
 * request, dispatched when the plug is flushed): its Q→D runs from its last merge, since the replay fills the plug
 * in its own time ({@code TracedPlugs}) and adds the learnt Q→D after the flush. A target's worker's request keeps the
 * Q→D from its first bio: the model plugs its workers itself.
 */
class TraceSurveyPlugMergeQ2dTest {
    private static final int DM = (253 << 20);
    private static final int VDA = (254 << 20);
    private static final int Q = 1;
    private static final int M = 2;
    private static final int G = 4;
    private static final int D = 7;
    private static final int C = 8;
    private static final int P = 9;
    private static final long US = 1_000L;

    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int dev, int action, int pid, long sector, int sectors) {
        int category = action == P ? 0 : Category.WRITE | Category.SYNC;
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | action, pid, dev, 0, 0, null));
    }

    /** Three 4 KiB writes of {@code pid} merged into one request at {@code base}, dispatched at {@code at} + 60 us. */
    private void plugged(long at, int pid, boolean top, long base) {
        for (int i = 0; i < 3; i++) {
            long t = at + 20 * US * i;
            if (top) {
                ev(t, DM, Q, pid, base + 8 * i, 8);
            }
            ev(t + 5 * US, VDA, Q, pid, base + 8 * i, 8);
            if (i == 0) {
                ev(t + 10 * US, VDA, G, pid, base, 8);
                ev(t + 12 * US, VDA, P, pid, 0, 0);
            } else {
                ev(t + 7 * US, VDA, M, pid, base + 8 * i, 8);
            }
        }
        ev(at + 60 * US, VDA, D, pid, base, 24);
        ev(at + 500 * US, VDA, C, pid, base, 24);
    }

    private static long q2d(TraceSurvey s, long sector) {
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = sector;
        b.sectors = 24;
        return s.devices.get(VDA).q2d.build(1).serviceNanos(b, new SplittableRandom(1));
    }

    @Test
    void aRequestGrownInAReplayedTasksPlugRunsItsQ2dFromItsLastMerge() throws Exception {
        plugged(0, 7, true, 0);                 // fio's writeback through the dm device
        plugged(1_000 * US, 99, false, 4096);   // a worker's own writes straight to the disk
        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of(DM));
        assertThat(q2d(s, 0)).as("from the last page's merge at 47 us to the D at 60 us").isEqualTo(13 * US);
        assertThat(q2d(s, 4096)).as("from the first bio's Q at 5 us").isEqualTo(55 * US);
    }
}
