package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BioOpsTest {

    @Test
    void chainedParentEndsOnlyAfterItselfAndEveryChildAndFirstErrorWins() {
        List<String> ended = new ArrayList<>();
        Bio parent = new Bio(1);
        parent.endIo = b -> ended.add("parent status " + b.status);
        Bio c1 = new Bio(2);
        Bio c2 = new Bio(3);
        BioOps.chain(c1, parent);
        BioOps.chain(c2, parent);
        assertThat(parent.remaining).isEqualTo(3);
        c2.status = 10;
        BioOps.endio(c2);
        BioOps.endio(parent);
        assertThat(ended).isEmpty();
        c1.status = 7;
        BioOps.endio(c1);
        assertThat(ended).containsExactly("parent status 10");
    }

    @Test
    void advanceMovesSectorAndShrinksSize() {
        Bio b = new Bio(1);
        b.sector = 100;
        b.sectors = 64;
        BioOps.advance(b, 24);
        assertThat(b.sector).isEqualTo(124);
        assertThat(b.sectors).isEqualTo(40);
        assertThat(b.segments).isEqualTo(5);
    }

    @Test
    void puntMovesOnlyThisBiosetsBiosFromBothListsKeepingOrder() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        BlockLayer layer = new BlockLayer(k, BlockLayer.Ordering.V2_LOWER_FIRST);
        Bioset mine = new Bioset(layer, "mine", 2, false, new dev.dmreplay.replay.sim.Workqueue(k, "bioset", 0));
        Bioset other = new Bioset(layer, "other", 2, false, null);
        Task t = k.newTask("T", Task.Kind.USER);
        t.bioList = new BioList[] {new BioList("l0", t), new BioList("l1", t)};
        Bio a = new Bio(1);
        a.pool = mine;
        Bio b = new Bio(2);
        b.pool = other;
        Bio c = new Bio(3);
        c.pool = mine;
        Bio d = new Bio(4);
        d.pool = null;
        t.bioList[0].add(a);
        t.bioList[0].add(b);
        t.bioList[1].add(c);
        t.bioList[1].add(d);
        mine.punt(t);
        assertThat(t.bioList[0].toList()).containsExactly(b);
        assertThat(t.bioList[1].toList()).containsExactly(d);
        assertThat(mine.rescueList().toList()).containsExactly(a, c);
        assertThat(a.parkedOn()).isSameAs(mine.rescueList());
        assertThat(mine.stats().biosPunted()).isEqualTo(2);
    }

    @Test
    void v2RebuildPutsLowerThenSameThenOlder() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        BlockLayer layer = new BlockLayer(k, BlockLayer.Ordering.V2_LOWER_FIRST);
        LeafDevice q = new LeafDevice(layer, "q", 0, 100, new ServiceModel.Parametric(1, 0, 1), 0);
        LeafDevice lower = new LeafDevice(layer, "low", 0, 100, new ServiceModel.Parametric(1, 0, 1), 0);
        Task t = k.newTask("T", Task.Kind.USER);
        BioList[] lists = {new BioList("l0", t), new BioList("l1", t)};
        Bio same1 = bioOn(1, q);
        Bio low1 = bioOn(2, lower);
        Bio same2 = bioOn(3, q);
        Bio low2 = bioOn(4, lower);
        Bio old = bioOn(5, q);
        lists[0].add(same1);
        lists[0].add(low1);
        lists[0].add(same2);
        lists[0].add(low2);
        lists[1].add(old);
        Gmr.rebuild(lists, q, t);
        assertThat(lists[0].toList()).containsExactly(low1, low2, same1, same2, old);
        assertThat(lists[1].isEmpty()).isTrue();
    }

    private static Bio bioOn(long id, BlockDevice d) {
        Bio b = new Bio(id);
        b.dev = d;
        return b;
    }
}
