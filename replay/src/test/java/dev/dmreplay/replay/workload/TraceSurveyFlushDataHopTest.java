package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * kdmflush's hop before a flushed bio's data: a snapshot's metadata commit (PREFLUSH|FUA with 8 KiB of data) to a
 * linear COW device is sent down as an empty flush clone; when that completes, {@code queue_io} hands the bio to
 * kdmflush, which resubmits the data without PREFLUSH. The captured 6.1 kernel showed 50–430 us between the lower
 * device's completion of the empty clone and the data's remap; the survey learns each delay by the upper sector.
 */
class TraceSurveyFlushDataHopTest {
    private static final int COW = (253 << 20) | 1;
    private static final int VDB = (254 << 20) | 16;
    private static final int Q = TraceEvents.Q;
    private static final int C = TraceEvents.C;
    private static final long US = 1_000L;

    private final TraceEvents events = new TraceEvents();

    private void remap(long t, int category, long sector, int sectors, long from) {
        events.remap(t, category, COW, VDB, sector, sectors, from);
    }

    @Test
    void theDelayFromTheEmptyFlushsCompletionToTheDataIsLearntPerUpperSector() throws Exception {
        int fw = Category.FLUSH | Category.WRITE | Category.FUA | Category.SYNC;
        for (long sector : new long[] {24640, 24656}) {
            long t0 = sector == 24640 ? 0 : 10_000 * US;
            long hop = sector == 24640 ? 427 * US : 53 * US;
            events.ev(t0, COW, Q, Category.QUEUE | fw, sector, 16);
            remap(t0 + 15 * US, fw, sector, 0, sector);             // the empty flush clone
            events.ev(t0 + 18 * US, VDB, Q, Category.QUEUE | fw, sector, 0);
            events.ev(t0 + 390 * US, VDB, C, Category.COMPLETE | fw, sector, 0);
            remap(t0 + 390 * US + hop, Category.WRITE | Category.FUA | Category.SYNC, sector, 16, sector);
            events.ev(t0 + 400 * US + hop, VDB, Q, Category.QUEUE | Category.WRITE, sector, 16);
        }
        // a plain write after a pure flush (no data) at the same sector is not a kdmflush hop
        events.ev(20_000 * US, COW, Q, Category.QUEUE | Category.FLUSH | Category.WRITE, 0, 0);
        remap(20_010 * US, Category.FLUSH | Category.WRITE, 0, 0, 0);
        events.ev(20_100 * US, VDB, C, Category.COMPLETE | Category.FLUSH | Category.WRITE, 0, 0);
        remap(50_000 * US, Category.WRITE, 0, 8, 0);

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events.list()), Set.of());
        TraceSurvey.DeviceSurvey cow = s.devices.get(COW);
        assertThat(cow.flushDataHop.total()).isEqualTo(2);
        assertThat(draw(cow, 24640)).isEqualTo(427 * US);
        assertThat(draw(cow, 24656)).isEqualTo(53 * US);
    }

    @Test
    void onTheTracesClockACommitTakesTheDelayOfItsMomentNotTheNthOne() throws Exception {
        // two commits of the same metadata area (same upper sector), 30 ms apart; kdmflush took 1.5 ms for the
        // first and 60 us for the second. A model whose first commit of that area comes at 30 ms (it made the
        // earlier one otherwise, or not at all) waits 60 us, as the kernel's worker did then.
        int fw = Category.FLUSH | Category.WRITE | Category.FUA | Category.SYNC;
        long[][] commits = {{0, 1_500 * US}, {30_000 * US, 60 * US}};
        for (long[] c : commits) {
            long t0 = c[0];
            events.ev(t0, COW, Q, Category.QUEUE | fw, 32, 32);
            remap(t0 + 10 * US, fw, 32, 0, 32);
            events.ev(t0 + 12 * US, VDB, Q, Category.QUEUE | fw, 32, 0);
            events.ev(t0 + 300 * US, VDB, C, Category.COMPLETE | fw, 32, 0);
            remap(t0 + 300 * US + c[1], Category.WRITE | Category.FUA | Category.SYNC, 32, 32, 32);
        }
        TraceSurvey s = TraceSurvey.scan(EventSource.of(events.list()), Set.of());
        assertThat(s.devices.get(COW).flushDataHop.total()).isEqualTo(2);
        TraceServiceModel hop = s.devices.get(COW).flushDataHop.build(1);
        long[] now = {30_000 * US + 310 * US};
        hop.followTraceTimeForAll(() -> now[0]);
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = 32;
        b.sectors = 32;
        SplittableRandom r = new SplittableRandom(1);
        assertThat(hop.serviceNanos(b, r)).isEqualTo(60 * US);
        // without the trace's clock, the kernel's order: the first commit of the area takes the first delay
        assertThat(s.devices.get(COW).flushDataHop.build(1).serviceNanos(b, r)).isEqualTo(1_500 * US);
    }

    private static long draw(TraceSurvey.DeviceSurvey d, long sector) {
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = sector;
        b.sectors = 16;
        return d.flushDataHop.build(1).serviceNanos(b, new SplittableRandom(1));
    }
}
