package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the survey takes for the lag from a snapshot copy's write completing to the metadata commit it triggered. */
class SnapshotCommitLagTest {
    private static final int COW = (253 << 20) | 1;
    private static final int OTHER = (253 << 20) | 2;
    private static final int Q = 1;
    private static final int C = 8;
    private static final int A = 15;

    private static BlockEvent e(long t, int dev, int action, int category, long sector) {
        return new BlockEvent(t, 0, sector, 4096, category | action, 1, dev, 0, 0, null);
    }

    @Test
    void lagRunsFromTheLastCopyWriteToTheNextCommit() {
        SnapshotCommitLag l = new SnapshotCommitLag(Set.of(COW));
        int w = Category.WRITE;
        int commit = Category.WRITE | Category.FLUSH | Category.FUA | Category.SYNC;
        // two copies in flight, then one commit: the lag counts from the later completion
        l.accept(e(1_000, COW, Q, w, 16));
        l.accept(e(1_100, COW, Q, w, 24));
        l.accept(e(2_000, COW, C, w, 16));
        l.accept(e(2_500, COW, C, w, 24));
        l.accept(e(2_600, COW, Q, commit, 8)); // 100
        // a snapshot write remapped onto the COW device is the task's, not kcopyd's
        l.accept(e(3_000, COW, A, w, 32));
        l.accept(e(3_000, COW, Q, w, 32));
        l.accept(e(3_400, COW, C, w, 32));
        l.accept(e(3_500, COW, Q, commit, 8)); // no copy finished since the last commit: not counted
        l.accept(e(4_000, COW, Q, w, 40));
        l.accept(e(4_300, COW, C, w, 40));
        l.accept(e(4_600, COW, Q, commit, 8)); // 300
        l.accept(e(5_000, COW, Q, w, 48));
        l.accept(e(5_100, COW, C, w, 48));
        l.accept(e(5_150, COW, Q, commit, 8)); // 50
        l.accept(e(6_000, OTHER, Q, w, 16)); // not a COW device
        l.accept(e(6_100, OTHER, C, w, 16));
        l.accept(e(6_200, OTHER, Q, commit, 8));
        assertThat(l.commits(COW)).isEqualTo(3);
        assertThat(l.medianLagNs(COW)).isEqualTo(100);
        assertThat(l.medianLagNs(OTHER)).isEqualTo(-1);
        // each commit's own lag, by the COW sector of the write it followed
        assertThat(l.lagsBySector(COW)).isEqualTo(java.util.Map.of(24L, 100L, 40L, 300L, 48L, 50L));
        assertThat(l.lagsBySector(OTHER)).isEmpty();
    }
}
