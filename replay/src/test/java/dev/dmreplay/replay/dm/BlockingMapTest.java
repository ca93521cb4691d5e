package dev.dmreplay.replay.dm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.LeafDevice;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.detect.WaitForChains;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Mutex;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.target.LinearTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A target whose map() sleeps on a lock (the shape of dm-snapshot's S2 before 5.3): the lock holder H waits
 * for the first piece of T1's bio, which a G0 core leaves on T1's bio_list. Checks the target interface
 * (map may sleep via a frame), dm_offload's plug callback and the wait-for chain.
 */
class BlockingMapTest {

    /** Remaps to a device after taking a mutex in map(): mutex_lock(); remap; mutex_unlock(). */
    static final class LockingTarget extends Target {
        private final Mutex lock;
        private final BlockDevice dev;

        LockingTarget(long begin, long len, Mutex lock, BlockDevice dev) {
            super(begin, len);
            this.lock = lock;
            this.dev = dev;
            numFlushBios = 1;
        }

        @Override
        public String type() {
            return "locking";
        }

        @Override
        public List<BlockDevice> devices() {
            return List.of(dev);
        }

        @Override
        public DmMapio map(Task t, TargetIo tio) {
            t.call(new Frame() {
                @Override
                public Step step(Task task) {
                    if (pc == 0) {
                        pc = 1;
                        if (lock.lock(task) == SCHEDULE) {
                            return SCHEDULE;
                        }
                    }
                    tio.clone.dev = dev;
                    lock.unlock(task);
                    tio.mapio = DmMapio.REMAPPED;
                    return RETURN;
                }

                @Override
                public String function() {
                    return "locking_map";
                }
            });
            return DmMapio.CALLED;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "RESC", "OFFL", "DF", "MDSP"})
    void sleepingInMapWithTheFirstPieceQueued(Strategy s) {
        Kernel k = new Kernel(1, MemoryPressure.none());
        BlockLayer layer = new BlockLayer(k, s.knobs.gmrOrdering());
        DmCore core = new DmCore(layer, s.knobs);
        LeafDevice sda = new LeafDevice(layer, "sda", 0, 1 << 20, new ServiceModel.Parametric(1_000_000, 0, 8), 0);
        Mutex lock = new Mutex("s->lock");
        MappedDevice x = core.create("X", 0, new DmTable(List.of(new LinearTarget(0, 8, sda, 0),
                new LockingTarget(8, 8, lock, sda))), null);
        // who can end H's wait: the clone of the first piece (sector 0 on sda), wherever it is
        WaitQueue pieceDone = new WaitQueue("completion of the first piece", () -> {
            List<Object> l = new ArrayList<>();
            for (Object o : x.bs().bioPool.holders()) {
                if (((Bio) o).dev == sda && ((Bio) o).sector == 0) {
                    l.add(o);
                }
            }
            return l;
        });
        boolean[] done = {false};
        // H holds the lock until the first piece of T1's bio (sector 0 on sda) has completed
        Task h = k.newTask("H", Task.Kind.KTHREAD);
        h.start(new Frame() {
            @Override
            public Step step(Task t) {
                if (pc == 0) {
                    lock.lock(t);
                    pc = 1;
                }
                pieceDone.finishWait(t);
                if (!done[0]) {
                    return pieceDone.sleep(t, "wait_event");
                }
                lock.unlock(t);
                return RETURN;
            }

            @Override
            public String function() {
                return "holder";
            }
        });
        k.addListener(o -> {
            if (o.kind() == dev.dmreplay.replay.observe.ObservationKind.COMPLETE && "sda".equals(o.device())
                    && o.sector() == 0) {
                done[0] = true;
                pieceDone.wakeAll();
            }
        });
        Task t1 = k.newTask("T1", Task.Kind.USER);
        Bio bio = layer.newBio();
        bio.dev = x;
        bio.op = Op.WRITE;
        bio.sector = 0;
        bio.sectors = 16;
        bio.segments = BioOps.segmentsFor(16);
        boolean[] completed = {false};
        bio.endIo = b -> completed[0] = true;
        k.sim.after(1, () -> t1.start(new Frame() {
            @Override
            public Step step(Task t) {
                if (pc == 0) {
                    pc = 1;
                    return Gmr.submit(t, bio) == CALL ? CALL : RETURN;
                }
                return RETURN;
            }

            @Override
            public String function() {
                return "submit_bio";
            }
        }));
        while (k.sim.step()) {
            // run until nothing is left
        }
        boolean deadlock = s == Strategy.BARE || s == Strategy.RESC;
        assertThat(completed[0]).as(s.name()).isEqualTo(!deadlock);
        if (deadlock) {
            WaitForChains.Chain c = WaitForChains.explain(k);
            assertThat(c.cycle()).isTrue();
            assertThat(c.memory()).isFalse();
            assertThat(c.text()).startsWith("H waits in wait_event for completion of the first piece")
                    .contains("parked on bio_list of T1, drained only by T1, which waits in mutex_lock for s->lock held by H (cycle)");
        } else if (s == Strategy.OFFL) {
            assertThat(x.stats().offloadFirings()).isEqualTo(1);
            assertThat(x.stats().biosOffloaded()).isEqualTo(1);
        }
    }
}
