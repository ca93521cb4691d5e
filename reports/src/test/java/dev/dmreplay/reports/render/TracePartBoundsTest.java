package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.TraceAnalyzer;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trace section of a report says which of its figures a memory bound made inexact. */
class TracePartBoundsTest {
    private static final int DEV = (8 << 20) | 16;
    /** blktrace's __BLK_TA_QUEUE and __BLK_TA_COMPLETE. */
    private static final int QUEUE = 1;
    private static final int COMPLETE = 8;

    /** {@code bios} 4 KiB writes, each completed before the next is queued, the i-th i sectors past the last. */
    private static Analysis writesSeeking(int bios) {
        TraceAnalyzer a = new TraceAnalyzer();
        long sector = 0;
        long t = 1_000;
        for (int i = 1; i <= bios; i++) {
            sector += 8 + i; // a new seek distance every time
            a.accept(new BlockEvent(t, 2 * i - 1, sector, 4096, QUEUE | Category.QUEUE | Category.WRITE, 100, DEV, 0, 0,
                    null));
            a.accept(new BlockEvent(t + 500, 2 * i, sector, 4096,
                    COMPLETE | Category.COMPLETE | Category.FS | Category.WRITE, 100, DEV, 0, 0, null));
            t += 1_000;
        }
        return a.finish();
    }

    private static String latency(Analysis a) {
        Html h = new Html();
        TracePart.latency(h, a, Map.of());
        return h.finish();
    }

    @Test
    void seeksBeyondTheBoundOfDistinctDistancesAreSaid() {
        Analysis a = writesSeeking((1 << 18) + 5_000);

        assertThat(a.btt().seeksUnrecorded()).isPositive();
        assertThat(latency(a)).contains(a.btt().seeksUnrecorded() + " seeks at distances first seen after the bound"
                + " of distinct distances per device were left out of the seek median and modes");
    }

    @Test
    void belowTheBoundNothingIsSaid() {
        Analysis a = writesSeeking(2_000);

        assertThat(a.btt().seeksUnrecorded()).isZero();
        assertThat(latency(a)).doesNotContain("bound");
    }
}
