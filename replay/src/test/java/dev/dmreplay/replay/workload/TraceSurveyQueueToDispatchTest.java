package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The survey's Q→D samples pair a D with the Q of the same bio only. A bio that merged into another bio's request
 * ({@code M}) never gets a D of its own: a later, unrelated request dispatched at its sector must not be paired with
 * it. real-raid1-resync showed the case: md's resync reads at 3840 merged at 0.06 s, fio's 4 KiB write to 3840 was
 * dispatched at 3.51 s, and the 3.4 s "queue to dispatch" made the replay's mirror writes wait seconds.
 */
class TraceSurveyQueueToDispatchTest {
    private static final int DEV = (254 << 20);
    private static final int Q = 1;
    private static final int M = 2;
    private static final int D = 7;
    private static final int C = 8;
    private static final long MS = 1_000_000L;

    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int action, int category, long sector, int sectors) {
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | action, 1, DEV, 0, 0, null));
    }

    private static long draw(TraceServiceModel m, Op op, long sector, int sectors) {
        Bio b = new Bio(1);
        b.op = op;
        b.sector = sector;
        b.sectors = sectors;
        return m.serviceNanos(b, new SplittableRandom(1));
    }

    @Test
    void aMergedQueueIsNotPairedWithALaterDispatchAtItsSector() throws Exception {
        int r = Category.READ;
        int w = Category.WRITE;
        // two resync windows: the second merges into the first's request, dispatched 1 ms later as one
        ev(0, Q, Category.QUEUE | r, 3712, 128);
        ev(1000, Q, Category.QUEUE | r, 3840, 128);
        ev(1100, M, Category.QUEUE | r, 3840, 128);
        ev(1 * MS, D, Category.ISSUE | r, 3712, 256);
        ev(2 * MS, C, Category.COMPLETE | r, 3712, 256);
        // seconds later: a write elsewhere is queued on the idle disk and dispatched; while it is in flight a write
        // to 3840 is queued (not sampled: the disk is busy) and dispatched
        ev(3000 * MS, Q, Category.QUEUE | w, 9000, 8);
        ev(3000 * MS + 10_000, D, Category.ISSUE | w, 9000, 8);
        ev(3000 * MS + 20_000, Q, Category.QUEUE | w, 3840, 8);
        ev(3000 * MS + 30_000, D, Category.ISSUE | w, 3840, 8);
        ev(3001 * MS, C, Category.COMPLETE | w, 9000, 8);
        ev(3001 * MS, C, Category.COMPLETE | w, 3840, 8);

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        TraceSurvey.DeviceSurvey d = s.devices.get(DEV);
        assertThat(d.q2d.total()).as("samples: the read request and the write queued on an idle disk").isEqualTo(2);
        TraceServiceModel m = d.q2d.build(1);
        assertThat(draw(m, Op.READ, 3712, 256)).isEqualTo(1 * MS);
        assertThat(draw(m, Op.WRITE, 3840, 8)).as("a 4 KiB write draws the 10 us sample, not 3 s")
                .isEqualTo(10_000);
    }
}
