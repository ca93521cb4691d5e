package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When each thin pool's worker ({@code do_worker}, dm-thin.c v6.1) ran in a trace, learnt in the survey pass. The
 * worker leaves two kinds of records: the remap ({@code A}) of a deferred thin bio onto the pool device issued by
 * a task other than the one that queued the bio ({@code process_cell}/{@code process_bio} remapping or provisioning,
 * {@code process_prepared_mapping} issuing the bios a zeroing or copy held), and the pool's own I/O, {@code Q}
 * records no remap explains, on the pool device (kcopyd's zeroing and copies the worker started with
 * {@code ll_zero}/{@code ll_copy}, discard passdown), the data device (the commit's flush) and the metadata device
 * (the commit's block writes); and a read of a thin device completes with no remap when the worker zero-filled it.
 * A thin device with an external origin adds the worker's remaps of reads of unprovisioned blocks onto the origin
 * ({@code remap_to_origin_and_issue}), which are learnt like its remaps onto the pool device, and copies from the
 * origin in place of zeroing ({@link Pool#preparesNewBlock}).
 * Each such record's time is a moment the worker had run by; the kcopyd ones come a
 * kcopyd wake later than the worker run that queued them, which only matters if a bio arrives in between.
 *
 * <p>The {@code Q} times of the thin devices' bios are kept too, by sector: a deferred bio waits from its own
 * record to the next run. Memory is bounded: the open Q and remap entries are capped, and at most
 * {@value #MAX_TIMES} run times per pool and thin {@code Q} times in all are kept (the rest of a longer trace
 * replays with the worker running at once).
 */
public final class ThinWorkerRuns implements Consumer<BlockEvent> {
    /** At most this many learnt times per pool. */
    static final int MAX_TIMES = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    /**
     * A thin pool's device numbers as the trace has them (kernel dev_t); {@code zeroesNewBlocks} unless its table
     * has {@code skip_block_zeroing}; {@code origins}: the external origin of each thin device that has one.
     */
    public record Pool(int pool, int metadata, int data, Set<Integer> thins, long blockSectors,
                       boolean zeroesNewBlocks, Map<Integer, Origin> origins) {
        public Pool {
            thins = Set.copyOf(thins);
            origins = Map.copyOf(origins);
        }

        /** A pool none of whose thin devices has an external origin. */
        public Pool(int pool, int metadata, int data, Set<Integer> thins, long blockSectors,
                    boolean zeroesNewBlocks) {
            this(pool, metadata, data, thins, blockSectors, zeroesNewBlocks, Map.of());
        }

        /** A pool that zeroes its new blocks (the default). */
        public Pool(int pool, int metadata, int data, Set<Integer> thins, long blockSectors) {
            this(pool, metadata, data, thins, blockSectors, true);
        }

        /**
         * Whether a new block of thin device {@code thin} holding thin sector {@code sector} gets a kcopyd write
         * before its bios: it is zeroed, or copied from the thin device's external origin when the origin reaches
         * into the block ({@code schedule_external_copy} → {@code schedule_copy}, dm-thin.c v6.1, whatever the
         * zeroing flag). A write covering the whole block is issued instead of either.
         */
        boolean preparesNewBlock(int thin, long sector) {
            Origin o = origins.get(thin);
            return zeroesNewBlocks || o != null && sector / blockSectors * blockSectors < o.sectors();
        }

        /** Whether {@code device} is the external origin of one of the pool's thin devices. */
        boolean isOrigin(int device) {
            for (Origin o : origins.values()) {
                if (o.device() == device) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A thin device's external origin: its device number and size in sectors ({@code tc->origin_size}), which
     * {@link Long#MAX_VALUE} stands for when the table does not say.
     */
    public record Origin(int device, long sectors) {
    }

    private final Map<Integer, Pool> byPool = new LinkedHashMap<>();
    private final Map<Integer, Pool> byThin = new HashMap<>();
    private final Map<Integer, Pool> byOwnIoDevice = new HashMap<>();
    private final Map<Integer, long[]> times = new HashMap<>();
    private final Map<Integer, Integer> counts = new HashMap<>();
    /** Time and pid of each open thin Q, by (device, sector). */
    private final Map<Long, long[]> thinQueuedBy = new HashMap<>();
    /** Per thin device: Q to A of the bios {@code thin_bio_map} remapped itself (same task, within 1 ms). */
    private final Map<Integer, dev.dmreplay.replay.block.TraceServiceModel.Builder> mapCpu = new HashMap<>();
    /** Q times of the thin devices' bios, by device and sector. */
    private final Map<Integer, Map<Long, long[]>> queuedAt = new HashMap<>();
    private long thinQueues;
    /** (device, sector) of remaps onto a pool's devices whose Q has not come yet. */
    private final Set<Long> remapped = new HashSet<>();
    /** Per thin device and direction (reads, writes): (Q, A) of each bio the pool worker remapped, by sector. */
    private final Map<Integer, Map<Long, long[]>> workerRemaps = new HashMap<>();
    private final Map<Integer, Map<Long, long[]>> workerReadRemaps = new HashMap<>();
    private long workerRemapCount;
    /** Per pool: which worker pass provisioned each new block. */
    private final Map<Integer, ThinWorkerPasses> passes = new HashMap<>();
    /** Per pool: which remaps provisioned a new block with no zeroing write before them. */
    private final Map<Integer, UnzeroedProvisions> unzeroed = new HashMap<>();
    /** Per pool: the CPU time between a commit's I/O; by the pool's data and metadata device numbers too. */
    private final Map<Integer, ThinCommitTimes> commits = new HashMap<>();
    private final Map<Integer, ThinCommitTimes> commitsByDevice = new HashMap<>();

    public ThinWorkerRuns(Iterable<Pool> pools) {
        for (Pool p : pools) {
            byPool.put(p.pool(), p);
            for (int t : p.thins()) {
                byThin.put(t, p);
            }
            byOwnIoDevice.put(p.pool(), p);
            byOwnIoDevice.put(p.metadata(), p);
            byOwnIoDevice.put(p.data(), p);
            passes.put(p.pool(), new ThinWorkerPasses(p.blockSectors()));
            unzeroed.put(p.pool(), new UnzeroedProvisions(p.blockSectors()));
            ThinCommitTimes c = new ThinCommitTimes(p.metadata(), p.data());
            commits.put(p.pool(), c);
            commitsByDevice.put(p.metadata(), c);
            commitsByDevice.put(p.data(), c);
        }
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.SPLIT && byThin.containsKey(e.device())) {
            // a split's remainder is a bio of its own from here on, but its Q is not traced again: 6.1's
            // dm_split_and_process_bio traces the split (bio_trim, trace_block_split at the remainder's sector) and
            // resubmits it with submit_bio_noacct, which traces Q only once per bio (BIO_TRACE_COMPLETION). The X
            // is the only record of when the submitter handed the remainder to the pool, so it is the remainder's
            // Q for the worker's run (a remainder the worker provisions waits for the kernel's pass after it, not
            // for none), for the worker's remap of it and for the pass that provisioned its block, as a Q keys the
            // first piece's (ThinWorkerPasses, UnzeroedProvisions): a write across a block boundary is two cells,
            // and the kernel's pass took both (s-thin-passdown, 3.5 KiB writes at queue depth 16: left without a
            // pass, the remainder's cell went with an earlier run and took a block before its first piece's).
            thinQueued(e, 1);
            return;
        }
        if (k == Action.QUEUE) {
            if (byThin.containsKey(e.device())) {
                thinQueued(e, 0);
                return;
            }
            Pool p = byOwnIoDevice.get(e.device());
            if (p != null && !remapped.remove(key(e.device(), e.sector()))) {
                add(p, e.time());
                ThinCommitTimes c = commitsByDevice.get(e.device());
                if (c != null) {
                    c.ownIo(e);
                }
                if (e.device() == p.pool() && (e.action() & dev.dmreplay.ingest.model.Category.WRITE) != 0) {
                    passes.get(p.pool()).ownWrite(e.sector(), e.sectors(), e.time());
                }
            }
        } else if (k == Action.COMPLETE && commitsByDevice.containsKey(e.device())) {
            commitsByDevice.get(e.device()).ownIo(e); // it looks at the commit's own flushes and metadata I/O only
        } else if (k == Action.COMPLETE && e.sectors() > 0
                && (e.action() & dev.dmreplay.ingest.model.Category.READ) != 0 && byThin.containsKey(e.device())) {
            // a read the pool never remapped: the worker zero-filled it (process_cell → provision_block on an
            // unprovisioned block), and its completion is when the worker got to it: a moment the worker ran by,
            // the only one such a run leaves (a snapshot's copy of an unprovisioned chunk reads zeroes this way,
            // and the copy, its commit and the origin writes held for it wait for that run)
            long[] q = thinQueuedBy.remove(key(e.device(), e.sector()));
            if (q != null) {
                add(byThin.get(e.device()), e.time());
            }
            if (q != null && workerRemapCount < MAX_TIMES) {
                workerRemapCount++;
                workerReadRemaps.computeIfAbsent(e.device(), d -> new HashMap<>())
                        .merge(e.sector(), new long[] {q[0], e.time()}, TimeLists::append);
            }
        } else if (k == Action.REMAP) {
            if (byOwnIoDevice.containsKey(e.device()) && remapped.size() < MAX_OPEN) {
                remapped.add(key(e.device(), e.sector()));
            }
            Pool p = byThin.get(e.remapFromDevice());
            if (p != null) {
                long[] q = thinQueuedBy.remove(key(e.remapFromDevice(), e.remapFromSector()));
                boolean provisioned = false;
                if (e.device() == p.pool() && e.sectors() > 0) {
                    // without a zeroing write the worker's remap is the new block's first record: on a pool with
                    // skip_block_zeroing, and for a write covering its whole block on any pool (io_overwrites_block
                    // → remap_and_issue_overwrite, dm-thin.c v6.1: nothing to zero)
                    boolean write = (e.action() & (dev.dmreplay.ingest.model.Category.WRITE
                            | dev.dmreplay.ingest.model.Category.DISCARD))
                            == dev.dmreplay.ingest.model.Category.WRITE;
                    boolean prepared = p.preparesNewBlock(e.remapFromDevice(), e.remapFromSector());
                    boolean unzeroedWrite = !prepared || e.sectors() == p.blockSectors();
                    provisioned = unzeroed.get(p.pool()).remap(e.sector(),
                            write && unzeroedWrite && q != null && q[1] != e.pid());
                    if (provisioned) {
                        passes.get(p.pool()).provisioned(e.remapFromDevice(), e.remapFromSector(), q[0],
                                e.sector(), e.time());
                    }
                }
                if (!provisioned && p.preparesNewBlock(e.remapFromDevice(), e.remapFromSector()) && q != null
                        && e.device() == p.pool()) {
                    passes.get(p.pool()).remap(e.remapFromDevice(), e.remapFromSector(), q[0], e.sector(),
                            e.time(), q[1] != e.pid());
                }
                if (q != null && q[1] != e.pid()) {
                    add(p, e.time());
                    // a read of an unprovisioned block goes to the external origin (remap_to_origin_and_issue)
                    if ((e.device() == p.pool() || p.isOrigin(e.device())) && workerRemapCount < MAX_TIMES) {
                        workerRemapCount++;
                        boolean write = (e.action() & dev.dmreplay.ingest.model.Category.WRITE) != 0;
                        (write ? workerRemaps : workerReadRemaps).computeIfAbsent(e.remapFromDevice(),
                                        d -> new HashMap<>())
                                .merge(e.remapFromSector(), new long[] {q[0], e.time()}, TimeLists::append);
                    }
                } else if (q != null && e.time() - q[0] <= TraceSurvey.MAX_LAYER_GAP_NS) {
                    mapCpu.computeIfAbsent(e.remapFromDevice(), d -> new dev.dmreplay.replay.block.TraceServiceModel.Builder())
                            .add(TraceSurvey.cls(e), e.remapFromSector(), e.sectors(), Math.max(0, e.time() - q[0]));
                }
            }
        }
    }

    /** A thin device's bio handed to the pool at {@code e} (its Q, or the split record of a remainder: 1). */
    private void thinQueued(BlockEvent e, int split) {
        if (thinQueuedBy.size() < MAX_OPEN) {
            thinQueuedBy.put(key(e.device(), e.sector()), new long[] {e.time(), e.pid(), split});
        }
        if (thinQueues < MAX_TIMES) {
            thinQueues++;
            queuedAt.computeIfAbsent(e.device(), d -> new HashMap<>())
                    .merge(e.sector(), new long[] {e.time()}, TimeLists::append);
        }
    }

    private void add(Pool p, long t) {
        int n = counts.getOrDefault(p.pool(), 0);
        if (n >= MAX_TIMES) {
            return;
        }
        long[] a = times.computeIfAbsent(p.pool(), x -> new long[64]);
        if (n == a.length) {
            a = Arrays.copyOf(a, Math.min(MAX_TIMES, a.length * 2));
            times.put(p.pool(), a);
        }
        a[n] = t;
        counts.put(p.pool(), n + 1);
    }

    /** The learnt times of the pool with this device number, in trace time; empty if none. */
    public long[] times(int pool) {
        long[] a = times.get(pool);
        return a == null ? new long[0] : Arrays.copyOf(a, counts.get(pool));
    }

    /**
     * The worker pass of each bio of thin device {@code thin} the pool provisioned ({@link ThinWorkerPasses#keys}):
     * by sector, flattened (Q, take point) pairs in trace time.
     */
    public Map<Long, long[]> passKeys(int thin) {
        Pool p = byThin.get(thin);
        return p == null ? Map.of() : passes.get(p.pool()).keys().getOrDefault(thin, Map.of());
    }

    /**
     * When the pool worker got to each bio of thin device {@code thin} it remapped ({@code process_cell},
     * {@code process_bio}, {@code process_prepared_mapping} issuing a cell's bios, a commit's FUA bios) or, for a
     * read of an unprovisioned block, zero-filled and completed (its {@code C} with no remap): by sector,
     * flattened (Q, remap) pairs in Q order, in trace time; {@code write} for writes (and discards, flushes),
     * otherwise reads.
     */
    public Map<Long, long[]> workerRemaps(int thin, boolean write) {
        return TimeLists.pairsInQOrder((write ? workerRemaps : workerReadRemaps).getOrDefault(thin, Map.of()));
    }

    /** The CPU time between the I/O of a metadata commit of the pool with this device number. */
    public dev.dmreplay.replay.target.thin.CommitCpu commitCpu(int pool) {
        ThinCommitTimes c = commits.get(pool);
        return c == null ? dev.dmreplay.replay.target.thin.CommitCpu.NONE : c.cpu();
    }

    /**
     * When the first metadata commit of the pool with this device number began in the trace (trace time), -1 when
     * the trace shows none ({@link ThinCommitTimes#firstCommit}).
     */
    public long firstCommit(int pool) {
        ThinCommitTimes c = commits.get(pool);
        return c == null ? -1 : c.firstCommit();
    }

    /** The Q times of the bios of thin device {@code thin}, by sector, in trace time. */
    public Map<Long, long[]> queuedAt(int thin) {
        return queuedAt.getOrDefault(thin, Map.of());
    }

    /**
     * The CPU time of {@code thin_bio_map} on thin device {@code thin}: Q to A of the bios it remapped in the
     * submitting task. The survey's map CPU of a device takes every A within 1 ms of its Q, which for a thin device
     * also counts the worker's remaps of deferred bios (its 0.3–1 ms wake), and would make the model's map path
     * that slow; null when the trace has none.
     */
    public dev.dmreplay.replay.block.TraceServiceModel.Builder mapCpu(int thin) {
        return mapCpu.get(thin);
    }

    private static dev.dmreplay.replay.block.Op op(BlockEvent e) {
        int a = e.action();
        return (a & dev.dmreplay.ingest.model.Category.DISCARD) != 0 ? dev.dmreplay.replay.block.Op.DISCARD
                : (a & dev.dmreplay.ingest.model.Category.WRITE) != 0 ? dev.dmreplay.replay.block.Op.WRITE
                : dev.dmreplay.replay.block.Op.READ;
    }

    public Set<Integer> pools() {
        return byPool.keySet();
    }

    /** The pool with this device number (its thin devices). */
    public Pool pool(int pool) {
        return byPool.get(pool);
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
