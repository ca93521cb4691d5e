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
 * A PREFLUSH|FUA write queued at sector 0 of a disk without FUA (a raid superblock): blk-flush dispatches its
 * preflush first, a command without a sector ({@code D FN 0 + 0}), then the data. The survey's Q→D for the write
 * runs to the data's D, as it does for such a write at any other sector, not to the preflush's D; the preflush's
 * own D→C is a flush's time.
 */
class TraceSurveyFlushQ2dTest {
    private static final int VDC = (254 << 20) | 32;
    private static final int Q = 1;
    private static final int D = 7;
    private static final int C = 8;
    private static final long US = 1_000L;

    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int action, int category, long sector, int sectors) {
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | action, 1, VDC, 0, 0, null));
    }

    @Test
    void aPreflushWriteAtSectorZeroRunsItsQ2dToItsData() throws Exception {
        int write = Category.WRITE | Category.SYNC | Category.META;
        ev(0, Q, Category.QUEUE | write | Category.FLUSH | Category.FUA, 0, 8);
        ev(100 * US, D, Category.ISSUE | Category.FLUSH, 0, 0);      // the preflush
        ev(300 * US, C, Category.COMPLETE | Category.FLUSH, 0, 0);
        ev(400 * US, D, Category.ISSUE | write, 0, 8);               // the data, FUA taken off
        ev(900 * US, C, Category.COMPLETE | write, 0, 8);

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = 0;
        b.sectors = 8;
        assertThat(s.devices.get(VDC).q2d.build(1).serviceNanos(b, new SplittableRandom(1))).isEqualTo(400 * US);
        // the preflush (D FN, C FN: no write bit) is a flush: the model's flush (a write with PREFLUSH and no data)
        // takes its 200 us, and the data write its own 500 us
        Bio flush = new Bio(2);
        flush.op = Op.WRITE;
        flush.flags = Bio.PREFLUSH;
        flush.sector = 0;
        flush.sectors = 0;
        var d2c = s.devices.get(VDC).d2c.build(1);
        assertThat(d2c.serviceNanos(flush, new SplittableRandom(1))).isEqualTo(200 * US);
        assertThat(d2c.serviceNanos(b, new SplittableRandom(1))).isEqualTo(500 * US);
    }
}
