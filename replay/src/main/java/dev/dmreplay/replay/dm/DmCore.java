package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * DM core shared by all mapped devices of one machine: the strategy knobs, device creation, and the rescue
 * mechanisms that are not per-bioset: dm_offload's {@code flush_current_bio_list} (v4.11–v4.15, C8/C9),
 * NeilBrown's {@code md->rescued} (dm-4.16 branch, unmerged; trigger configurable) and per-device helper
 * threads (Mikulas Patocka's proposal, unmerged).
 */
public final class DmCore {
    public static final int STS_IOERR = 10;
    public static final int STS_NOTSUPP = 1;
    public static final int STS_DM_REQUEUE = 11;

    final BlockLayer layer;
    final Knobs knobs;
    private final Map<BlockDevice, Helper> helpers = new IdentityHashMap<>();
    private final List<Helper> helperOrder = new ArrayList<>();

    public DmCore(BlockLayer layer, Knobs knobs) {
        this.layer = layer;
        this.knobs = knobs;
    }

    public Knobs knobs() {
        return knobs;
    }

    /** Creates a bio-based mapped device with its table ({@code dm_create} + table load + resume). */
    public MappedDevice create(String name, int devno, DmTable table, Integer poolSizeOverride) {
        MappedDevice md = new MappedDevice(this, layer, name, devno, table.size());
        md.bind(table, poolSizeOverride);
        return md;
    }

    /** dm_offload's plug callback ({@code flush_current_bio_list}, drivers/md/dm.c at 18a25da84354). */
    static final class OffloadCallback implements Task.PlugCallback {
        private final MappedDevice md;

        OffloadCallback(MappedDevice md) {
            this.md = md;
        }

        @Override
        public void fire(Task t) {
            if (t.bioList == null) {
                return;
            }
            int moved = 0;
            for (BioList l : t.bioList) {
                BioList keep = new BioList(l.name(), l.drainer());
                Bio b;
                while ((b = l.pop()) != null) {
                    if (b.pool == null || !b.pool.hasRescuer()) {
                        keep.add(b);
                    } else {
                        b.pool.rescue(b);
                        moved++;
                    }
                }
                l.merge(keep);
            }
            md.offloadFirings++;
            md.biosOffloaded += moved;
            md.kernel().observeOffload(RescueMechanism.DM_OFFLOAD, t, md.name, null, moved);
        }
    }

    /** NEIL/HELP with trigger SLEEP: the same plug-callback hook, rescuing to md->rescued or helpers. */
    final class RescueOnSleep implements Task.PlugCallback {
        private final MappedDevice md;

        RescueOnSleep(MappedDevice md) {
            this.md = md;
        }

        @Override
        public void fire(Task t) {
            rescueNow(t, md);
        }
    }

    /**
     * Before a DM allocation in {@code dm_make_request} context that may sleep: with NEIL or HELP and trigger
     * ALLOC_FAIL, a failing non-blocking attempt hands the task's pending bios over first.
     */
    void beforeAlloc(Task t, MappedDevice md, Mempool pool) {
        if (knobs.offloadTrigger() != Knobs.OffloadTrigger.ALLOC_FAIL || t.bioList == null) {
            return;
        }
        if (knobs.offload() != Knobs.Offload.MD_RESCUED && knobs.offload() != Knobs.Offload.PER_DEVICE_HELPER) {
            return;
        }
        boolean queued = knobs.offload() == Knobs.Offload.MD_RESCUED ? !t.bioList[0].isEmpty()
                : !t.bioList[0].isEmpty() || (t.bioList.length > 1 && !t.bioList[1].isEmpty());
        if (queued && pool.failsWithoutSleeping(t.name)) {
            rescueNow(t, md);
        }
    }

    void rescueNow(Task t, MappedDevice md) {
        if (t.bioList == null) {
            return;
        }
        if (knobs.offload() == Knobs.Offload.MD_RESCUED) {
            int n = t.bioList[0].size();
            if (n == 0) {
                return;
            }
            md.rescued.merge(t.bioList[0]);
            md.biosRescuedToMd += n;
            md.rescuedHighWater = Math.max(md.rescuedHighWater, md.rescued.size());
            md.kernel().observeOffload(RescueMechanism.MD_RESCUED, t, md.name, "md->rescued of " + md.name, n);
            md.wq.queue(md.work);
        } else if (knobs.offload() == Knobs.Offload.PER_DEVICE_HELPER) {
            int n = 0;
            for (BioList l : t.bioList) {
                Bio b;
                while ((b = l.pop()) != null) {
                    helper(b.dev).hand(b);
                    n++;
                }
            }
            if (n > 0) {
                md.kernel().observeOffload(RescueMechanism.HELPER, t, md.name, "per-device helpers", n);
            }
        }
    }

    private Helper helper(BlockDevice dev) {
        Helper h = helpers.get(dev);
        if (h == null) {
            h = new Helper(dev);
            helpers.put(dev, h);
            helperOrder.add(h);
        }
        return h;
    }

    /** A helper thread for one destination device: drains its list with generic_make_request. */
    final class Helper {
        final BlockDevice dev;
        final Workqueue wq;
        final WorkItem work;
        final BioList list;

        Helper(BlockDevice dev) {
            this.dev = dev;
            this.wq = new Workqueue(layer.kernel, "dm-helper/" + dev.name, 1);
            this.work = new WorkItem("dm-helper(" + dev.name + ")", HelperFrame::new);
            this.list = new BioList("helper list for " + dev.name, work);
        }

        void hand(Bio b) {
            list.add(b);
            wq.queue(work);
        }

        final class HelperFrame extends Frame {
            @Override
            public Step step(Task t) {
                while (true) {
                    Bio b = list.pop();
                    if (b == null) {
                        return RETURN;
                    }
                    layer.kernel.observeRescue(RescueMechanism.HELPER, t, b.dev.name, list.name(), b);
                    if (Gmr.submit(t, b) == CALL) {
                        return CALL;
                    }
                }
            }

            @Override
            public String function() {
                return "dm-helper(" + dev.name + ")";
            }
        }
    }
}
