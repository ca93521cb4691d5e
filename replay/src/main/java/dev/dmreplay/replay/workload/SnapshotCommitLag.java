package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How long the traced kernel took from a snapshot copy finishing to the metadata commit it triggered, learnt in the
 * survey pass from each COW device. On a COW device a {@code Q} with no remap ({@code A}) onto it comes from a
 * worker: kcopyd's writes of copied chunks ({@code run_io_job} → {@code dm_io}, dm-kcopyd.c v6.1) and the
 * persistent store's area writes, which alone carry {@code REQ_PREFLUSH} ({@code persistent_commit_exception} →
 * {@code area_io}, dm-snap-persistent.c v6.1). The lag from the completion of the last copy write before a commit to
 * the commit's {@code Q} is the kcopyd worker's path between them: {@code complete_io} queues the job on
 * {@code complete_jobs} and wakes the client's workqueue ({@code wake()} → {@code queue_work}), the worker runs
 * {@code do_work} → {@code run_complete_job} → {@code copy_callback} → {@code complete_exception} →
 * {@code persistent_commit_exception}, which submits the area write. Each commit's own lag is kept by the sector of
 * the write it followed (a copy's write, or a whole-chunk snapshot write, to a chunk of the COW device that only that
 * exception uses), and the median per device for commits the trace does not place.
 *
 * <p>Memory is bounded: at most {@value #MAX_LAGS} lags per device and {@value #MAX_OPEN} open I/Os.
 */
public final class SnapshotCommitLag implements Consumer<BlockEvent> {
    static final int MAX_LAGS = 1 << 16;
    private static final int MAX_OPEN = 1 << 16;

    private final Set<Integer> cows;
    private final Set<Long> remapped = new HashSet<>();
    private final Set<Long> copyWrites = new HashSet<>();
    private final Map<Integer, Long> lastCopyDone = new HashMap<>();
    private final Map<Integer, Long> lastCopySector = new HashMap<>();
    /** Per device: each commit's lag by the sector of the write it followed. */
    private final Map<Integer, Map<Long, Long>> lagsBySector = new HashMap<>();
    private final Map<Integer, long[]> lags = new HashMap<>();
    private final Map<Integer, Integer> counts = new HashMap<>();

    /** @param cows the snapshots' COW devices (kernel dev_t) */
    public SnapshotCommitLag(Set<Integer> cows) {
        this.cows = Set.copyOf(cows);
    }

    @Override
    public void accept(BlockEvent e) {
        int dev = e.device();
        if (!cows.contains(dev)) {
            return;
        }
        Action k = e.kind();
        long key = key(dev, e.sector());
        if (k == Action.REMAP) {
            if (remapped.size() < MAX_OPEN) {
                remapped.add(key);
            }
        } else if (k == Action.QUEUE) {
            if (remapped.remove(key) || (e.action() & Category.WRITE) == 0 || e.bytes() == 0) {
                return;
            }
            if ((e.action() & Category.FLUSH) != 0) { // a metadata commit: area_io with REQ_PREFLUSH | REQ_FUA
                Long done = lastCopyDone.remove(dev);
                Long sector = lastCopySector.remove(dev);
                if (done != null && e.time() >= done) {
                    add(dev, e.time() - done);
                    Map<Long, Long> own = lagsBySector.computeIfAbsent(dev, d -> new HashMap<>());
                    if (sector != null && own.size() < MAX_LAGS) {
                        own.put(sector, e.time() - done);
                    }
                }
            } else if (copyWrites.size() < MAX_OPEN) {
                copyWrites.add(key);
            }
        } else if (k == Action.COMPLETE && copyWrites.remove(key)) {
            lastCopyDone.put(dev, e.time());
            lastCopySector.put(dev, e.sector());
        }
    }

    private void add(int dev, long lag) {
        int n = counts.getOrDefault(dev, 0);
        if (n >= MAX_LAGS) {
            return;
        }
        long[] a = lags.computeIfAbsent(dev, d -> new long[64]);
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            lags.put(dev, a);
        }
        a[n] = lag;
        counts.put(dev, n + 1);
    }

    public Set<Integer> devices() {
        return cows;
    }

    /** How many commits of {@code cow} followed a copy write. */
    public int commits(int cow) {
        return counts.getOrDefault(cow, 0);
    }

    /** The median lag from a copy write's completion to the commit on {@code cow}, in ns; -1 if none was seen. */
    public long medianLagNs(int cow) {
        int n = commits(cow);
        if (n == 0) {
            return -1;
        }
        long[] a = Arrays.copyOf(lags.get(cow), n);
        Arrays.sort(a);
        return a[(n - 1) / 2];
    }

    /**
     * Each commit's lag on {@code cow} by the COW sector of the write it followed, in ns (empty if none): a model
     * whose commit follows the write to the same chunk takes that commit's own lag.
     */
    public Map<Long, Long> lagsBySector(int cow) {
        return Map.copyOf(lagsBySector.getOrDefault(cow, Map.of()));
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
