package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The I/O kcopyd issued on the devices it copies from or zeroes, learnt in the survey pass. On such a device (a
 * snapshot's origin, a thin pool) a {@code Q} with no remap ({@code A}) onto it comes from a worker, not from a bio a
 * target above remapped: kcopyd's reads of a copy's source ({@code run_io_job} → {@code dm_io}, dm-kcopyd.c v6.1;
 * dm-snap.c's chunk copies, dm-thin.c's {@code ll_copy}) and its writes of zeroes ({@code ll_zero}). Their times say
 * when the traced kernel's kcopyd ran each job (see {@code kcopyd.KcopydStarts}). Only I/O of at least the device's
 * unit (a thin pool's block; any size on a snapshot origin) is kept: a thin pool's worker also remaps bios of its
 * own, which carry an {@code A}, and its discard passdowns are not reads or writes.
 *
 * <p>Memory is bounded: at most {@value #MAX_IOS} I/Os and {@value #MAX_OPEN} open remaps.
 */
public final class KcopydIo implements Consumer<BlockEvent> {
    static final int MAX_IOS = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    /** Device (kernel dev_t) → the smallest kcopyd I/O there, in sectors. */
    private final Map<Integer, Long> minSectors;
    private final Map<Integer, Map<Long, long[]>> reads = new HashMap<>();
    private final Map<Integer, Map<Long, long[]>> writes = new HashMap<>();
    private final Set<Long> remapped = new HashSet<>();
    private final WorkerPlugs plugs = new WorkerPlugs();
    /** Snapshots' COW devices (kernel dev_t), where their copies write. */
    private final Set<Integer> cows;
    private final CopyOwners owners = new CopyOwners();
    private long count;

    /** @param minSectors the devices to watch (kernel dev_t) and the smallest kcopyd I/O on each, in sectors */
    public KcopydIo(Map<Integer, Long> minSectors) {
        this(minSectors, Set.of());
    }

    /**
     * @param cows the watched devices that are snapshots' COW devices: a copy read elsewhere is paired with its write
     *             to one of them ({@link #readCows})
     */
    public KcopydIo(Map<Integer, Long> minSectors, Set<Integer> cows) {
        this.cows = Set.copyOf(cows);
        // sorted: Map.copyOf iterates in an order that changes from one JVM run to the next, and devices() names
        // the devices in the replay's notes, which must be the same on every run
        this.minSectors = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(minSectors));
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.PLUG || k == Action.ISSUE || k == Action.UNPLUG_IO) {
            plugs.seen(k, e.pid()); // on any device: the worker's plug is on the disks below
            return;
        }
        Long min = minSectors.get(e.device());
        if (min == null) {
            return;
        }
        if (k == Action.COMPLETE) {
            if ((e.action() & Category.WRITE) == 0 && !cows.contains(e.device())) {
                owners.completed(e.device(), e.sector()); // a copy's write waits for its read's completion
            }
            return;
        }
        if (k == Action.REMAP) {
            if (remapped.size() < MAX_OPEN) {
                remapped.add(key(e.device(), e.sector()));
            }
        } else if (k == Action.QUEUE && !remapped.remove(key(e.device(), e.sector())) && e.bytes() > 0
                && e.bytes() >= min * 512 && (e.action() & Category.DISCARD) == 0 && count < MAX_IOS) {
            count++;
            boolean write = (e.action() & Category.WRITE) != 0;
            (write ? writes : reads).computeIfAbsent(e.device(), d -> new HashMap<>())
                    .merge(e.sector(), new long[] {e.time()}, TimeLists::append);
            plugs.record(e.pid(), e.time());
            if (!cows.contains(e.device())) {
                if (!write) {
                    owners.read(e.pid(), e.device(), e.sector(), e.bytes(), e.time());
                }
            } else if (write && (e.action() & (Category.FLUSH | Category.FUA)) == 0) {
                // a flush or FUA write on a COW device is a metadata commit, not a copy's write
                owners.write(e.pid(), e.device(), e.bytes(), e.time());
            }
        }
    }

    /**
     * Each record's time and the time of the first record of its worker run, flattened pairs in time order (see
     * {@link WorkerPlugs}); empty without records.
     */
    public long[] runStarts() {
        return plugs.pairs();
    }

    /**
     * kcopyd's copy reads on {@code device} whose write to a snapshot's COW device the trace showed ({@link
     * CopyOwners}): sector → read time (trace time) → that COW device (kernel dev_t); empty if none.
     */
    public Map<Long, Map<Long, Integer>> readCows(int device) {
        return owners.owners(device);
    }

    public Set<Integer> devices() {
        return minSectors.keySet();
    }

    /** kcopyd's read times on {@code device}, by sector, in trace time and order; empty if none. */
    public Map<Long, long[]> reads(int device) {
        return reads.getOrDefault(device, Map.of());
    }

    /** kcopyd's write times on {@code device} (zeroing, and copies' writes), by sector; empty if none. */
    public Map<Long, long[]> writes(int device) {
        return writes.getOrDefault(device, Map.of());
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
