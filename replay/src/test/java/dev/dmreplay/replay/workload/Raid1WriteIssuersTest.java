package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who queued a raid1 array's mirror writes, from the records of 6.1 captures: q-raid1 (no bitmap: fio's pid on the
 * legs' {@code Q}s, 25 us after its write on the array) and real-raid1-resync (a bitmap: raid1d's pid on most).
 */
class Raid1WriteIssuersTest {
    private static final int R1 = (253 << 20);
    private static final int VDA = (254 << 20);
    private static final int VDB = (254 << 20) | 16;
    private static final int FIO = 895;
    private static final int RAID1D = 412;
    private static final long US = 1_000L;

    private static BlockEvent q(long t, int dev, int pid, long sector) {
        return new BlockEvent(t, 0, sector, 4096, Category.WRITE | Category.SYNC | 1, pid, dev, 0, 0, null);
    }

    @Test
    void legWritesQueuedByTheArraysSubmitterAreItsOwn() {
        Raid1WriteIssuers w = new Raid1WriteIssuers(Map.of(R1, Set.of(VDA, VDB)));
        w.accept(q(0, R1, FIO, 0));
        w.accept(q(862 * US, VDA, FIO, 0));
        w.accept(q(897 * US, VDB, FIO, 0));
        w.accept(q(1_397 * US, R1, FIO, 8));
        w.accept(q(1_419 * US, VDA, FIO, 8));
        w.accept(q(1_425 * US, VDB, FIO, 8));
        assertThat(w.bySubmitter(R1)).isEqualTo(4);
        assertThat(w.byOthers(R1)).isZero();
        assertThat(w.submittedDirectly(R1)).isTrue();
    }

    @Test
    void legWritesQueuedByRaid1dOrLongAfterTheSubmissionAreNot() {
        Raid1WriteIssuers w = new Raid1WriteIssuers(Map.of(R1, Set.of(VDA, VDB)));
        w.accept(q(0, R1, FIO, 0));
        w.accept(q(40 * US, VDA, RAID1D, 0));
        w.accept(q(41 * US, VDB, RAID1D, 0));
        w.accept(q(5_000 * US, VDA, FIO, 64)); // fio's, but no write of its on the array within 1 ms
        w.accept(q(5_100 * US, R1, FIO, 128));
        w.accept(q(5_200 * US, VDA, FIO, 128));
        assertThat(w.bySubmitter(R1)).isEqualTo(1);
        assertThat(w.byOthers(R1)).isEqualTo(3);
        assertThat(w.submittedDirectly(R1)).isFalse();
    }

    @Test
    void readsAndOtherDevicesAreIgnored() {
        Raid1WriteIssuers w = new Raid1WriteIssuers(Map.of(R1, Set.of(VDA, VDB)));
        w.accept(new BlockEvent(0, 0, 0, 4096, 1, FIO, VDA, 0, 0, null)); // a read Q
        w.accept(q(10, (8 << 20), FIO, 0));
        assertThat(w.bySubmitter(R1) + w.byOthers(R1)).isZero();
        assertThat(w.submittedDirectly(R1)).isFalse();
    }
}
