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
import org.junit.jupiter.api.Test;

/**
 * A snapshot's metadata commit starts with dm-io's empty PREFLUSH|FUA bio at the area's sector (blktrace:
 * {@code Q FWFS 32832 + 0}); blk-flush runs it as the queue's flush request, dispatched without a sector
 * ({@code D FN 0 + 0}). Its Q→D is the flush's, taken by the model's flush nearest in time on the trace's clock; keyed
 * by its own sector it was never learnt and the model's commit flush drew a data write's Q→D (9 to 39 ms on a 6.1
 * capture whose flushes were dispatched 60 us after their Q).
 */
class TraceSurveyEmptyFlushQ2dTest {
    private static final int VDB = (254 << 20) | 16;
    private static final long US = 1_000L;
    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int action, int category, long sector, int sectors) {
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | action, 1, VDB, 0, 0, null));
    }

    private void commitFlush(long t, long sector, long q2d) {
        int flush = Category.WRITE | Category.SYNC | Category.FLUSH | Category.FUA;
        ev(t, 1, Category.QUEUE | flush, sector, 0);
        ev(t + q2d, 7, Category.ISSUE | Category.FLUSH, 0, 0);             // the preflush
        ev(t + q2d + 100 * US, 8, Category.COMPLETE | Category.FLUSH, 0, 0);
        ev(t + q2d + 110 * US, 7, Category.ISSUE | Category.FLUSH, 0, 0);  // the postflush
        ev(t + q2d + 200 * US, 8, Category.COMPLETE | Category.FLUSH, 0, 0);
        ev(t + q2d + 201 * US, 8, Category.COMPLETE | Category.WRITE, sector, 0);
    }

    @Test
    void anEmptyFlushQueuedAtASectorTakesTheKernelsFlushQ2dOfThatMoment() throws Exception {
        commitFlush(0, 32832, 60 * US);
        commitFlush(10_000 * US, 32, 3_000 * US);   // a flush that waited for a busy moment

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        TraceServiceModel q2d = s.devices.get(VDB).q2d.build(1);
        long[] now = {0};
        q2d.followTraceTime(() -> now[0]);
        Bio flush = new Bio(1);
        flush.op = Op.WRITE;
        flush.flags = Bio.PREFLUSH | Bio.FUA;
        flush.sector = 32832;
        flush.sectors = 0;
        assertThat(q2d.ownNanos(flush)).isEqualTo(60 * US);
        now[0] = 9_000 * US;
        assertThat(q2d.ownNanos(flush)).isEqualTo(3_000 * US);
    }
}
