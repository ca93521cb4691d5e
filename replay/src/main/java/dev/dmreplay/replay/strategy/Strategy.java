package dev.dmreplay.replay.strategy;

import dev.dmreplay.replay.block.BlockLayer.Ordering;
import dev.dmreplay.replay.strategy.Knobs.DmGen;
import dev.dmreplay.replay.strategy.Knobs.DmIoStorage;
import dev.dmreplay.replay.strategy.Knobs.MultiTioAlloc;
import dev.dmreplay.replay.strategy.Knobs.Offload;
import dev.dmreplay.replay.strategy.Knobs.OffloadTrigger;
import dev.dmreplay.replay.strategy.Knobs.SnapshotLocking;
import java.util.Locale;

/** The rescue strategies of kernel-model §8.1 as presets over {@link Knobs}. */
public enum Strategy {
    /** No rescuer (pre-2012): V1 FIFO, G0 all pieces in one call, no rescuers. */
    BARE("no rescuer (pre-2012)", new Knobs(Ordering.V1_FIFO, DmGen.G0_ALL_IN_ONE, false, DmIoStorage.IO_POOL_MEMPOOL,
            MultiTioAlloc.SEQUENTIAL, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2, false, 0, SnapshotLocking.EXCLUSIVE)),
    /** Per-bioset rescuer (Kent 2012, ≈v3.7–v4.10). */
    RESC("per-bioset rescuer (v3.7-v4.10)", new Knobs(Ordering.V1_FIFO, DmGen.G0_ALL_IN_ONE, true,
            DmIoStorage.IO_POOL_MEMPOOL, MultiTioAlloc.SEQUENTIAL, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2, false, 0, SnapshotLocking.EXCLUSIVE)),
    /** dm_offload (v4.11–v4.15): V2 ordering, rescuers, plug callback around map(). */
    OFFL("dm_offload (v4.11-v4.15)", new Knobs(Ordering.V2_LOWER_FIRST, DmGen.G1_OFFLOAD, true,
            DmIoStorage.IO_POOL_MEMPOOL, MultiTioAlloc.SEQUENTIAL, Offload.DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP,
            OffloadTrigger.SLEEP, 16, 2, false, 0, SnapshotLocking.EXCLUSIVE)),
    /** NeilBrown's md->rescued (dm-4.16 branch, unmerged). */
    NEIL("md->rescued (dm-4.16 branch, unmerged)", new Knobs(Ordering.V2_LOWER_FIRST,
            DmGen.G2_DEPTH_FIRST_CLONE_REMAINDER, false, DmIoStorage.IO_BS_FRONT_PAD, MultiTioAlloc.ALLOC_MULTIPLE_MUTEX,
            Offload.MD_RESCUED, OffloadTrigger.ALLOC_FAIL, 16, 2, false, 0, SnapshotLocking.EXCLUSIVE)),
    /** Depth-first only (v4.16 final). */
    DF("depth-first (v4.16)", new Knobs(Ordering.V2_LOWER_FIRST, DmGen.G2_DEPTH_FIRST_CLONE_REMAINDER, false,
            DmIoStorage.IO_BS_FRONT_PAD, MultiTioAlloc.ALLOC_MULTIPLE_MUTEX, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2,
            false, 0, SnapshotLocking.EXCLUSIVE)),
    /** Per-device helper threads (Mikulas's proposal, unmerged). */
    HELP("per-device helpers (proposal, unmerged)", new Knobs(Ordering.V2_LOWER_FIRST,
            DmGen.G2_DEPTH_FIRST_CLONE_REMAINDER, false, DmIoStorage.IO_BS_FRONT_PAD, MultiTioAlloc.ALLOC_MULTIPLE_MUTEX,
            Offload.PER_DEVICE_HELPER, OffloadTrigger.ALLOC_FAIL, 16, 2, false, 0, SnapshotLocking.EXCLUSIVE)),
    /** md-raid style master-bio splitting: DM G3 ({@code bio_split} head + {@code bio_chain} + resubmit). */
    MDSP("bio_split head (md-raid style, DM G3)", new Knobs(Ordering.V2_LOWER_FIRST, DmGen.G3_SPLIT_HEAD, false,
            DmIoStorage.IO_BS_FRONT_PAD, MultiTioAlloc.ALLOC_MULTIPLE_MUTEX, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2,
            false, 0, SnapshotLocking.BUCKET)),
    /** Modern DM (≈v5.15): the G3 knobs, named for what a current kernel does. */
    MODERN("modern DM (G3, ~v5.15)", new Knobs(Ordering.V2_LOWER_FIRST, DmGen.G3_SPLIT_HEAD, false,
            DmIoStorage.IO_BS_FRONT_PAD, MultiTioAlloc.ALLOC_MULTIPLE_MUTEX, Offload.NONE, OffloadTrigger.ALLOC_FAIL, 16, 2,
            false, 0, SnapshotLocking.BUCKET));

    public final String title;
    public final Knobs knobs;

    Strategy(String title, Knobs knobs) {
        this.title = title;
        this.knobs = knobs;
    }

    /** The seven strategies of the claims table (§8.3), in its column order. */
    public static final Strategy[] CLAIMS = {BARE, RESC, OFFL, NEIL, DF, HELP, MDSP};

    public static Strategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder sb = new StringBuilder();
            for (Strategy x : values()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(x.name());
            }
            throw new IllegalArgumentException("unknown strategy '" + s + "' (known: " + sb + ")");
        }
    }
}
