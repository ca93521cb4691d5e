package dev.dmreplay.analyze.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.run.Obs;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.RescueMechanism;
import org.junit.jupiter.api.Test;

class CloneAndRescueTest {

    @Test
    void liveClonesPerOriginalFollowLeafAndStackedCompletions() {
        // bio 1: two pieces on X; piece 2 goes to a stacked device Y, which clones it twice (5, 6)
        Obs o = new Obs()
                .submit(0, "t1", 1, 16)
                .piece(0, "t1", 2, 1).remap(0, "t1", 2, 1)
                .piece(0, "t1", 3, 1).remap(0, "t1", 3, 1)
                .piece(1, "t1", 5, 2).remap(1, "t1", 5, 2)
                .piece(1, "t1", 6, 2).remap(1, "t1", 6, 2)
                .leaf(5, 5)      // 2 still waits for 6
                .leaf(6, 3)
                .leaf(7, 6)      // 6 and then 2 complete
                .top(8, "t1", 1, 8)
                .submit(10, "t1", 7, 8)
                .remap(10, "t1", 8, 7)
                .leaf(11, 8)
                .top(12, "t1", 7, 2);
        BioFamily f = new BioFamily();
        CloneTracker c = new CloneTracker(f);
        o.feed(f::on);
        CloneTracker.Report r = c.report();
        assertThat(r.worstLive()).isEqualTo(4);
        assertThat(r.worstOriginal()).isEqualTo(1);
        assertThat(r.liveAcrossRunHighWater()).isEqualTo(4);
        assertThat(r.clonesPerOriginal().count()).isEqualTo(2);
        assertThat(r.clonesPerOriginal().max()).isEqualTo(4);
        assertThat(r.clonesPerOriginal().total()).isEqualTo(5);
        assertThat(r.liveHighWater().min()).isEqualTo(1);
    }

    @Test
    void puntsOffloadsAndRescuedDepth() {
        String bs = "md->bs of X";
        String rescued = "md->rescued of X";
        Obs o = new Obs()
                .punt(0, "t1", bs, 3)
                .rescue(1, RescueMechanism.BIOSET_RESCUER, "bioset", bs, 9)
                .punt(2, "t2", bs, 1)
                .offload(3, RescueMechanism.MD_RESCUED, "t1", rescued, 2)
                .offload(3, RescueMechanism.MD_RESCUED, "t2", rescued, 3)
                .rescue(4, RescueMechanism.MD_RESCUED, "kdmflush", rescued, 9)
                .offload(5, RescueMechanism.DM_OFFLOAD, "t3", null, 4);
        RescueActivity a = new RescueActivity();
        o.feed(a);
        RescueActivity.Report r = a.report();
        assertThat(r.punts()).containsExactly(new RescueActivity.PuntReport(bs, 2, 4));
        assertThat(r.offloads()).containsExactly(
                new RescueActivity.OffloadReport("flush_current_bio_list", "X", 1, 4, 4),
                new RescueActivity.OffloadReport("rescue to md->rescued", "X", 2, 5, 3));
        assertThat(r.lists()).hasSize(2);
        RescueActivity.ListReport l0 = r.lists().get(0);
        assertThat(l0.list()).isEqualTo(bs);
        assertThat(l0.added()).isEqualTo(4);
        assertThat(l0.resubmitted()).isEqualTo(1);
        assertThat(l0.depthHighWater()).isEqualTo(3);
        assertThat(l0.depth()).containsExactly(new long[] {0, 3}, new long[] {1, 2}, new long[] {2, 3});
        RescueActivity.ListReport l1 = r.lists().get(1);
        assertThat(l1.depthHighWater()).isEqualTo(5);
        assertThat(l1.depth()).containsExactly(new long[] {3, 5}, new long[] {4, 4});
    }
}
