package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A mapped device's completion CPU time is the gap from a completion below it to its own {@code C}. A thin read of
 * an unprovisioned block has nothing below it: the pool worker zero-fills it and ends it ({@code provision_block},
 * dm-thin.c v6.1), so the {@code C} on the thin device follows whatever completed last anywhere, and that gap is
 * idle time. Learnt as CPU time it gave the snapshot-origin's reads above such a volume draws of up to 1 ms
 * (y-snap-of-thin's origin read p50 2.2 times the kernel's; real-snap-of-thin lost the thin passes of 5 writes).
 */
class TraceSurveyEndioCpuTest {
    private static final int THIN = (253 << 20) | 3;
    private static final int POOL = (253 << 20) | 2;
    private static final int VDC = (254 << 20) | 32; // another disk, below neither
    private static final int Q = TraceEvents.Q;
    private static final int C = TraceEvents.C;
    private static final long US = 1_000L;

    private final TraceEvents events = new TraceEvents();

    @Test
    void onlyACompletionBelowTheDeviceStartsItsCompletionPath() throws Exception {
        // a provisioned read: thin0 → pool, the pool completes, thin0 completes 4 us later
        events.ev(0, THIN, Q, Category.QUEUE | Category.READ, 800, 8);
        events.remap(5 * US, Category.READ, THIN, POOL, 800, 8, 800);
        events.ev(6 * US, POOL, Q, Category.QUEUE | Category.READ, 800, 8);
        events.ev(300 * US, POOL, C, Category.COMPLETE | Category.READ, 800, 8);
        events.ev(304 * US, THIN, C, Category.COMPLETE | Category.READ, 800, 8);
        // an unprovisioned read zero-filled by the worker 600 us after a write completed on another disk
        events.ev(1_000 * US, VDC, Q, Category.QUEUE | Category.WRITE, 64, 8);
        events.ev(1_200 * US, VDC, C, Category.COMPLETE | Category.WRITE, 64, 8);
        events.ev(1_700 * US, THIN, Q, Category.QUEUE | Category.READ, 96, 8);
        events.ev(1_800 * US, THIN, C, Category.COMPLETE | Category.READ, 96, 8);

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events.list()), Set.of(), e -> { }, false, Set.of());
        TraceSurvey.DeviceSurvey thin = s.devices.get(THIN);
        assertThat(thin.endioCpu.total()).isEqualTo(1);
        assertThat(thin.endioCpu.build(1).serviceNanos(bio(Op.READ, 96), new SplittableRandom(1))).isEqualTo(4 * US);

        // the table says vdc is below thin0 (say, a pool's data device): then its completion counts
        TraceSurvey t = TraceSurvey.scan(EventSource.of(events.list()), Set.of(), e -> { }, false,
                Set.of((long) THIN << 32 | VDC));
        assertThat(t.devices.get(THIN).endioCpu.total()).isEqualTo(2);
    }

    /**
     * On a stack with a dm-cache each bio takes its own completion-path time where the trace has it (by op, sector and
     * size), and a draw only where it has none. On the write-back cache over dm-crypt a drawn time made a write's completion 60 us early,
     * before the next write's remap: that write became smq's tick bio, where in the kernel it had been remapped
     * before the completion, and the ticks, promote levels and promotions went another way.
     */
    @Test
    void eachBioTakesItsOwnRecordedCompletionTime() throws Exception {
        events.ev(0, THIN, Q, Category.QUEUE | Category.WRITE, 800, 8);
        events.remap(5 * US, Category.WRITE, THIN, POOL, 800, 8, 800);
        events.ev(6 * US, POOL, Q, Category.QUEUE | Category.WRITE, 800, 8);
        events.ev(10 * US, THIN, Q, Category.QUEUE | Category.WRITE, 1600, 8);
        events.remap(15 * US, Category.WRITE, THIN, POOL, 1600, 8, 1600);
        events.ev(16 * US, POOL, Q, Category.QUEUE | Category.WRITE, 1600, 8);
        events.ev(300 * US, POOL, C, Category.COMPLETE | Category.WRITE, 800, 8);
        events.ev(375 * US, THIN, C, Category.COMPLETE | Category.WRITE, 800, 8);   // 75 us
        events.ev(500 * US, POOL, C, Category.COMPLETE | Category.WRITE, 1600, 8);
        events.ev(509 * US, THIN, C, Category.COMPLETE | Category.WRITE, 1600, 8);  // 9 us

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events.list()), Set.of(), e -> { }, false, true, Set.of());
        var endio = s.devices.get(THIN).endioCpu.build(1);
        SplittableRandom random = new SplittableRandom(1);
        assertThat(endio.serviceNanos(bio(Op.WRITE, 1600), random)).isEqualTo(9 * US);
        assertThat(endio.serviceNanos(bio(Op.WRITE, 800), random)).isEqualTo(75 * US);
        // a bio the trace has no completion of draws one of the two
        assertThat(endio.serviceNanos(bio(Op.WRITE, 2400), random)).isIn(9 * US, 75 * US);

        // without per-bio times (a stack without a dm-cache) every bio draws
        TraceSurvey d = TraceSurvey.scan(EventSource.of(events.list()), Set.of(), e -> { }, false, false, Set.of());
        var drawn = d.devices.get(THIN).endioCpu;
        assertThat(drawn.total()).isEqualTo(2);
        assertThat(drawn.recordedRequests()).isZero();
    }

    /** A 4 KiB bio of {@code op} at {@code sector}. */
    /**
     * The bios of one lower request end one after the other in its completion context ({@code blk_update_request}):
     * after the first upper {@code C}, each next one's gap from the one before is learnt apart, and nothing once
     * another device's completion came in between.
     */
    @Test
    void theBiosOfOneRequestEndOneAfterTheOther() throws Exception {
        for (int i = 0; i < 3; i++) {
            events.ev(i * US, THIN, Q, Category.QUEUE | Category.WRITE, 800 + 8 * i, 8);
            events.remap(i * US + 1, Category.WRITE, THIN, POOL, 800 + 8 * i, 8, 800 + 8 * i);
            events.ev(i * US + 2, POOL, Q, Category.QUEUE | Category.WRITE, 800 + 8 * i, 8);
        }
        events.ev(300 * US, POOL, C, Category.COMPLETE | Category.WRITE, 800, 24);   // one request of the three
        events.ev(315 * US, THIN, C, Category.COMPLETE | Category.WRITE, 800, 8);    // first: 15 us
        events.ev(319 * US, THIN, C, Category.COMPLETE | Category.WRITE, 808, 8);    // next: 4 us
        events.ev(324 * US, THIN, C, Category.COMPLETE | Category.WRITE, 816, 8);    // next: 5 us
        events.ev(400 * US, VDC, C, Category.COMPLETE | Category.WRITE, 64, 8);
        events.ev(900 * US, THIN, C, Category.COMPLETE | Category.WRITE, 4000, 8);   // after another device: none

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events.list()), Set.of(), e -> { }, false, Set.of());
        TraceSurvey.DeviceSurvey thin = s.devices.get(THIN);
        assertThat(thin.endioCpu.total()).isEqualTo(1);
        assertThat(thin.endioNextCpu.total()).isEqualTo(2);
        assertThat(thin.endioNextCpu.build(1).drawNanos(bio(Op.WRITE, 808), new SplittableRandom(1)))
                .isIn(4 * US, 5 * US);
    }

    private static Bio bio(Op op, long sector) {
        Bio b = new Bio(1);
        b.op = op;
        b.sector = sector;
        b.sectors = 8;
        return b;
    }
}
