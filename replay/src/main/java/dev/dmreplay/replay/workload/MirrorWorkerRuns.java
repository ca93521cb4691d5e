package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When each mirror's {@code kmirrord} ({@code do_mirror}, dm-raid1.c v6.1) ran in a trace, learnt in the survey
 * pass. {@code mirror_map} only queues a write ({@code queue_bio} onto {@code ms->writes}, then
 * {@code wakeup_mirrord}); kmirrord's {@code do_writes} later sends it to every leg through dm-io, which leaves a
 * {@code Q} on each leg with no remap ({@code A}) before it, unlike the reads {@code mirror_map} remaps itself. The
 * time of such a {@code Q} is a moment kmirrord had run by. On the traced 6.1 machine the first leg's {@code Q}
 * came 0.1 ms after the mirror's own {@code Q} at the median, 1.6 ms at the 90th percentile and 10 ms at the 99th
 * (the worker batches and waits behind its other work), a delay a model that runs the worker at once leaves out
 * of every write's latency.
 *
 * <p>The mirror device's write {@code Q} times are kept by sector, so that the model's write waits for the
 * kernel's first run after its own record. Memory is bounded as in {@link ThinWorkerRuns}: at most
 * {@value #MAX_TIMES} run times per mirror and queue times in all, and a bounded set of open remaps.
 */
public final class MirrorWorkerRuns implements Consumer<BlockEvent> {
    static final int MAX_TIMES = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    /** A mirror's device number and its legs' (kernel dev_t). */
    public record Mirror(int mirror, Set<Integer> legs) {
        public Mirror {
            legs = Set.copyOf(legs);
        }
    }

    private final Map<Integer, Mirror> byMirror = new LinkedHashMap<>();
    private final Map<Integer, Mirror> byLeg = new HashMap<>();
    private final Map<Integer, long[]> times = new HashMap<>();
    private final Map<Integer, Integer> counts = new HashMap<>();
    private final Map<Integer, Map<Long, long[]>> queuedAt = new HashMap<>();
    private long queues;
    /** (leg, sector) of remaps onto a leg whose Q has not come yet: reads mirror_map sent itself. */
    private final Set<Long> remapped = new HashSet<>();

    public MirrorWorkerRuns(Iterable<Mirror> mirrors) {
        for (Mirror m : mirrors) {
            byMirror.put(m.mirror(), m);
            for (int leg : m.legs()) {
                byLeg.put(leg, m);
            }
        }
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.QUEUE) {
            if (byMirror.containsKey(e.device())) {
                if ((e.action() & Category.WRITE) != 0 && queues < MAX_TIMES) {
                    queues++;
                    queuedAt.computeIfAbsent(e.device(), d -> new HashMap<>())
                            .merge(e.sector(), new long[] {e.time()}, MirrorWorkerRuns::append);
                }
                return;
            }
            Mirror m = byLeg.get(e.device());
            if (m != null && !remapped.remove(key(e.device(), e.sector()))) {
                add(m.mirror(), e.time());
            }
        } else if (k == Action.REMAP && byLeg.containsKey(e.device()) && remapped.size() < MAX_OPEN) {
            remapped.add(key(e.device(), e.sector()));
        }
    }

    private void add(int mirror, long t) {
        int n = counts.getOrDefault(mirror, 0);
        if (n >= MAX_TIMES) {
            return;
        }
        long[] a = times.computeIfAbsent(mirror, x -> new long[64]);
        if (n == a.length) {
            a = Arrays.copyOf(a, Math.min(MAX_TIMES, a.length * 2));
            times.put(mirror, a);
        }
        a[n] = t;
        counts.put(mirror, n + 1);
    }

    /** The mirrors this survey watches, by device number. */
    public Set<Integer> mirrors() {
        return byMirror.keySet();
    }

    /** The learnt run times of the mirror with this device number, in trace time; empty if none. */
    public long[] times(int mirror) {
        long[] a = times.get(mirror);
        return a == null ? new long[0] : Arrays.copyOf(a, counts.get(mirror));
    }

    /** The write Q times of the mirror device {@code mirror}, by sector, in trace time. */
    public Map<Long, long[]> queuedAt(int mirror) {
        return queuedAt.getOrDefault(mirror, Map.of());
    }

    private static long[] append(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
