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
 * The reads kcopyd issued on copy sources, learnt in the survey pass: on a snapshot's origin device, a read
 * {@code Q} with no remap ({@code A}) onto it comes from kcopyd ({@code dm_io} of a chunk copy, dm-kcopyd.c and
 * dm-snap.c v6.1), since every other read there is a bio a target above remapped. Their times say when the traced
 * kernel's kcopyd ran each copy (see {@code kcopyd.KcopydStarts}).
 *
 * <p>Memory is bounded: at most {@value #MAX_READS} reads and {@value #MAX_OPEN} open remaps.
 */
public final class KcopydReads implements Consumer<BlockEvent> {
    static final int MAX_READS = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    private final Set<Integer> sources;
    private final Map<Integer, Map<Long, long[]>> reads = new HashMap<>();
    private final Set<Long> remapped = new HashSet<>();
    private long count;

    /** @param sources the copy source devices to watch (kernel dev_t) */
    public KcopydReads(Set<Integer> sources) {
        this.sources = Set.copyOf(sources);
    }

    @Override
    public void accept(BlockEvent e) {
        if (!sources.contains(e.device())) {
            return;
        }
        Action k = e.kind();
        if (k == Action.REMAP) {
            if (remapped.size() < MAX_OPEN) {
                remapped.add(e.sector());
            }
        } else if (k == Action.QUEUE && !remapped.remove(e.sector()) && (e.action() & Category.WRITE) == 0
                && e.bytes() > 0 && count < MAX_READS) {
            count++;
            reads.computeIfAbsent(e.device(), d -> new HashMap<>()).merge(e.sector(), new long[] {e.time()},
                    KcopydReads::append);
        }
    }

    public Set<Integer> sources() {
        return sources;
    }

    /** The kcopyd read times on {@code device}, by sector, in trace time and order; empty if none. */
    public Map<Long, long[]> reads(int device) {
        return reads.getOrDefault(device, Map.of());
    }

    private static long[] append(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
