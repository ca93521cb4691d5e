package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list handling of docs/kernel-model.md §2.5 on hand-built lists: after a call of device Q, list[0] holds what
 * the call submitted (to a lower device L and to Q itself) and list[1] what was pending before (o1 for L, o2 for Q).
 */
class ListHandlingTest {
    private Kernel k;
    private BlockLayer layer;
    private BlockDevice q;
    private BlockDevice lower;

    private Task setUp(BlockLayer.Ordering o, BlockLayer.SplitResubmit sr) {
        k = new Kernel(1, MemoryPressure.none());
        layer = new BlockLayer(k, o, 2, sr);
        q = new LeafDevice(layer, "Q", 1, 1 << 20, new ServiceModel.Parametric(1000, 0, 1), 0);
        lower = new LeafDevice(layer, "L", 2, 1 << 20, new ServiceModel.Parametric(1000, 0, 1), 0);
        Task t = k.newTask("T", Task.Kind.USER);
        t.bioList = t.ownBioLists(true);
        return t;
    }

    private static Bio bio(long id, BlockDevice dev, long sector) {
        Bio b = new Bio(id);
        b.dev = dev;
        b.sector = sector;
        b.sectors = 8;
        b.op = Op.WRITE;
        return b;
    }

    /** Pending o1 (L@50), o2 (Q@40); this call submitted n1 (Q@30), n2 (L@20), n3 (Q@10) in that order. */
    private List<Long> afterCall(BlockLayer.Ordering o) {
        Task t = setUp(o, BlockLayer.SplitResubmit.TAIL);
        t.bioList[1].add(bio(1, lower, 50));
        t.bioList[1].add(bio(2, q, 40));
        Gmr.submit(t, bio(3, q, 30));
        Gmr.submit(t, bio(4, lower, 20));
        Gmr.submit(t, bio(5, q, 10));
        Gmr.rebuild(t.bioList, q, t);
        return t.bioList[0].toList().stream().map(b -> b.id).toList();
    }

    @Test
    void v2RunsLowerThenSameThenOlder() {
        assertThat(afterCall(BlockLayer.Ordering.V2_LOWER_FIRST)).containsExactly(4L, 3L, 5L, 1L, 2L);
    }

    @Test
    void bva1RunsOlderThenLowerThenSame() {
        assertThat(afterCall(BlockLayer.Ordering.BVA1_OLDER_FIRST)).containsExactly(1L, 2L, 4L, 3L, 5L);
    }

    @Test
    void bva2SortsEachSubmissionAndTheOlderBiosByDevice() {
        // n3 (Q@10) went before n1 (Q@30) when submitted; then lower ++ same, and o1 (L@50) after n2 (L@20),
        // o2 (Q@40) after every Q bio of the call
        assertThat(afterCall(BlockLayer.Ordering.BVA2_SORTED)).containsExactly(4L, 5L, 3L, 1L, 2L);
    }

    @Test
    void splitRemaindersGoToTheHeadOnlyWith618() {
        for (BlockLayer.SplitResubmit sr : BlockLayer.SplitResubmit.values()) {
            Task t = setUp(BlockLayer.Ordering.V2_LOWER_FIRST, sr);
            Gmr.submit(t, bio(1, q, 0));
            Gmr.submitSplitRemainder(t, bio(2, q, 8));
            assertThat(t.bioList[0].toList().stream().map(b -> b.id).toList())
                    .containsExactly(sr == BlockLayer.SplitResubmit.HEAD ? new Long[] {2L, 1L} : new Long[] {1L, 2L});
        }
    }
}
