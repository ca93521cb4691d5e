package dev.dmreplay.replay.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Mutex;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The shapes of wait-for cycles {@link WaitForChains} finds, on hand-built stuck machines. */
class WaitForChainsCycleTest {

    /** A frame that runs {@code body} once: it returns what body returns, then RETURN on wake-up. */
    private static Frame once(String fn, Function<Task, Step> body) {
        return new Frame() {
            @Override
            public Step step(Task t) {
                if (pc == 0) {
                    pc = 1;
                    return body.apply(t);
                }
                return RETURN;
            }

            @Override
            public String function() {
                return fn;
            }
        };
    }

    private static void runUntilQuiet(Kernel k) {
        while (k.sim.progressEventsPending() > 0) {
            k.sim.step();
        }
    }

    @Test
    void twoTasksOnTwoLocksTakenInOppositeOrder() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Mutex a = new Mutex("lock_a");
        Mutex b = new Mutex("lock_b");
        Task t1 = k.newTask("T1", Task.Kind.USER);
        Task t2 = k.newTask("T2", Task.Kind.USER);
        t1.start(once("f1", t -> {
            a.lock(t);
            return t.consumeCpu(10);
        }));
        t2.start(once("f2", t -> {
            b.lock(t);
            return t.consumeCpu(10);
        }));
        runUntilQuiet(k); // both hold their first lock
        t1.start(once("g1", t -> b.lock(t)));
        t2.start(once("g2", t -> a.lock(t)));
        runUntilQuiet(k);
        assertThat(t1.isBlocked()).isTrue();
        assertThat(t2.isBlocked()).isTrue();

        WaitForChains.Chain c = WaitForChains.explain(k);
        assertThat(c.cycle()).isTrue();
        assertThat(c.memory()).isFalse();
        assertThat(c.text()).isEqualTo("T1 waits in mutex_lock for lock_b held by T2, which waits in mutex_lock for"
                + " lock_a held by T1 (cycle)");
    }

    @Test
    void aTaskWaitingOnAPoolWhoseOnlyElementItsOwnBioListHolds() {
        Kernel k = new Kernel(1, MemoryPressure.hard());
        Mempool p = new Mempool(k, "md->bs of X", PoolKind.BIOSET, 1, 0);
        Task t = k.newTask("T1", Task.Kind.USER);
        BioList own = new BioList("bio_list of T1", t);
        Bio clone = new Bio(12);
        clone.op = Op.WRITE;
        assertThat(p.tryAlloc(Gfp.NOIO, "T1")).isEqualTo(Mempool.Attempt.GOT);
        p.attach(clone, "T1", clone.id);
        own.add(clone);   // the clone waits on T1's own bio_list: only T1 would submit it
        t.start(once("__split_and_process_bio", x -> x.call(p.allocFrame())));
        runUntilQuiet(k);
        assertThat(t.isBlocked()).isTrue();

        WaitForChains.Chain c = WaitForChains.explain(k);
        assertThat(c.cycle()).isTrue();
        assertThat(c.memory()).isTrue();
        assertThat(c.text()).isEqualTo("T1 waits in mempool_alloc for mempool md->bs of X (1 elements in use), whose"
                + " elements are held by bio #12 (WRITE to ?) parked on bio_list of T1, drained only by T1 (cycle)");
    }

    @Test
    void aChainThroughABioListDrainedOnlyByABlockedTask() {
        Kernel k = new Kernel(1, MemoryPressure.hard());
        Mutex m = new Mutex("md->table_devices_lock of X");
        Mempool p = new Mempool(k, "md->bs of X", PoolKind.BIOSET, 1, 0);
        Task t1 = k.newTask("T1", Task.Kind.USER);
        Task t2 = k.newTask("T2", Task.Kind.USER);
        BioList t1List = new BioList("bio_list of T1", t1);
        Bio b = new Bio(7);
        b.op = Op.WRITE;
        p.tryAlloc(Gfp.NOIO, "T1");
        p.attach(b, "T1", b.id);
        t1List.add(b);
        // T2 takes the lock, then sleeps for an element of the pool whose only element b holds
        t2.start(once("alloc_multiple_bios", x -> {
            m.lock(x);
            return x.call(p.allocFrame());
        }));
        runUntilQuiet(k);
        // T1, which alone would submit b, waits for the lock T2 holds
        t1.start(once("alloc_multiple_bios", x -> m.lock(x)));
        runUntilQuiet(k);
        assertThat(t1.isBlocked()).isTrue();
        assertThat(t2.isBlocked()).isTrue();

        WaitForChains.Chain c = WaitForChains.explain(k);
        assertThat(c.cycle()).isTrue();
        assertThat(c.memory()).isTrue();   // a mempool wait is on the cycle
        assertThat(c.text()).isEqualTo("T1 waits in mutex_lock for md->table_devices_lock of X held by T2, which"
                + " waits in mempool_alloc for mempool md->bs of X (1 elements in use), whose elements are held by"
                + " bio #7 (WRITE to ?) parked on bio_list of T1, drained only by T1 (cycle)");
    }

    @Test
    void aBlockedTaskWithoutACycleIsReportedAsBlocked() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Mutex m = new Mutex("orphan_lock");
        Task holder = k.newTask("H", Task.Kind.USER);
        Task t = k.newTask("T1", Task.Kind.USER);
        holder.start(once("take", x -> {
            m.lock(x);
            return Step.RETURN;
        }));
        runUntilQuiet(k);   // H returns holding the lock and goes idle
        t.start(once("want", x -> m.lock(x)));
        runUntilQuiet(k);

        WaitForChains.Chain c = WaitForChains.explain(k);
        assertThat(c.cycle()).isFalse();
        assertThat(c.memory()).isFalse();
        assertThat(c.text()).isEqualTo("T1 waits in mutex_lock for orphan_lock (blocked; no progress possible)");
    }

    @Test
    void noBlockedTaskNoChain() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        k.newTask("T1", Task.Kind.USER);
        assertThat(WaitForChains.explain(k)).isNull();
    }
}
