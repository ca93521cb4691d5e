package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the kernel did, read from a trace of a DM stack recorded with its lower devices.
 *
 * <ul>
 *   <li>A top-level bio is a {@code Q} on a top device.</li>
 *   <li>A lower bio is an {@code A} record on a lower device (the kernel's {@code trace_block_bio_remap} in
 *       {@code __map_bio}/{@code dm_submit_bio_remap}, drivers/md/dm.c v6.1): it belongs to the bio that is open
 *       on the upper device and covers the remap's upper sector (an empty flush: the latest open empty flush of
 *       the upper device, since dm clones the 2nd and later flush bios from a fresh bio at sector 0). The
 *       {@code Q} on the lower device that follows an {@code A} at the same sector is that same bio.</li>
 *   <li>A {@code Q} on a lower device with no {@code A} before it is I/O a target's worker issued (copies,
 *       zeroing, metadata, deferred bios), counted per device and class.</li>
 *   <li>A split dm bio completes with the sector and size of its last fragment (on v6.1 the remainder is the
 *       original bio, advanced), so an open bio is closed by the {@code C} that ends where it ends.</li>
 * </ul>
 */
final class KernelSide {
    /** An open bio on a device: what it belongs to, its range, when it was queued. */
    private record Open(TopBio root, long start, long end, long queued, boolean top, int pid) {
        boolean empty() {
            return start == end;
        }
    }

    private final Set<Integer> topDevices;
    private final Map<Integer, String> names;
    private final Function<String, String> targetType;
    private final WorkerIoClasses classes;
    private final HeldOriginWrites held;
    /** Device name → kernel dev_t, for the snapshot-origin devices {@link #held} names. */
    private final Map<String, Integer> numbers = new HashMap<>();
    private long origin = Long.MIN_VALUE;
    final List<TopBio> tops = new ArrayList<>();
    /** Open bios per device (in queue order). */
    private final Map<Integer, List<Open>> open = new HashMap<>();
    /** A records waiting for their Q: device → sector → root. */
    private final Map<Integer, Map<Long, TopBio>> remapped = new HashMap<>();
    /** Worker I/O: device name → class → count. */
    final Map<String, Map<String, Long>> workerIo = new TreeMap<>();
    /** Requests dispatched (D) per device name. */
    final Map<String, Long> dispatched = new TreeMap<>();
    /** Q2C samples (ns) of lower bios per device name. */
    final Map<String, List<Long>> lowerQ2c = new TreeMap<>();
    /** A records whose upper bio was not found (e.g. traced before the upper device's Q). */
    long orphanRemaps;
    /** Completions of top-level bios that closed nothing. */
    long unmatchedCompletions;

    /**
     * @param topDevices kernel dev_t of the top devices
     * @param names      kernel dev_t → device name as the model knows it (every modelled device)
     * @param targetType mapped device name → the type of its targets
     */
    KernelSide(Set<Integer> topDevices, Map<Integer, String> names, Function<String, String> targetType) {
        this(topDevices, names, targetType, WorkerIoClasses.none());
    }

    KernelSide(Set<Integer> topDevices, Map<Integer, String> names, Function<String, String> targetType,
               WorkerIoClasses classes) {
        this(topDevices, names, targetType, classes, HeldOriginWrites.none());
    }

    KernelSide(Set<Integer> topDevices, Map<Integer, String> names, Function<String, String> targetType,
               WorkerIoClasses classes, HeldOriginWrites held) {
        this.topDevices = topDevices;
        this.names = names;
        this.targetType = targetType;
        this.classes = classes;
        this.held = held;
        names.forEach((n, name) -> numbers.put(name, n));
    }

    void scan(EventSource src) throws IOException {
        BlockEvent e;
        while ((e = src.next()) != null) {
            if (e.isNotify()) {
                continue;
            }
            if (origin == Long.MIN_VALUE) {
                origin = e.time();
            }
            if (!names.containsKey(e.device()) || e.isPc()) {
                continue;
            }
            switch (e.kind()) {
                case QUEUE -> queue(e);
                case REMAP -> remap(e);
                case COMPLETE -> complete(e);
                case ISSUE -> dispatched.merge(names.get(e.device()), 1L, Long::sum);
                default -> {
                }
            }
        }
    }

    private void queue(BlockEvent e) {
        long t = e.time() - origin;
        Map<Long, TopBio> pending = remapped.get(e.device());
        TopBio root = pending == null ? null : pending.remove(e.sector());
        if (root != null) {
            open(e.device(), new Open(root, e.sector(), e.sector() + e.sectors(), t, false, e.pid()));
            return;
        }
        String dev = names.get(e.device());
        if (topDevices.contains(e.device())) {
            TopBio b = new TopBio(dev, e.sector(), e.sectors(), e.rwbs(), t);
            tops.add(b);
            open(e.device(), new Open(b, e.sector(), e.sector() + e.sectors(), t, true, e.pid()));
            return;
        }
        String cls = classes.classify(dev, e.rwbs(), e.sectors());
        workerIo.computeIfAbsent(dev, k -> new TreeMap<>()).merge(cls, 1L, Long::sum);
        if (HeldOriginWrites.released(cls)) {
            attachReleased(dev, e);
        }
    }

    /**
     * A write dm-snapshot held for a copy and resubmitted: one of the lower bios of the open top-level bio of a
     * snapshot-origin device over {@code dev} that covers its sector (see {@link HeldOriginWrites}).
     */
    private void attachReleased(String dev, BlockEvent e) {
        for (String up : held.uppers(dev)) {
            Integer n = numbers.get(up);
            List<Open> l = n == null ? null : open.get(n);
            Open o = l == null ? null : find(l, e.sector(), 1, false);
            if (o != null && o.top()) {
                o.root().lower.add(new LowerBio(dev, e.sector(), e.sectors(), e.rwbs(), HeldOriginWrites.TARGET));
                return;
            }
        }
    }

    private void remap(BlockEvent e) {
        int from = e.remapFromDevice();
        List<Open> l = open.get(from);
        Open up = l == null ? null : e.sectors() == 0 ? findFlush(l, e)
                : find(l, e.remapFromSector(), e.sectors(), false);
        if (up == null) {
            orphanRemaps++;
            return;
        }
        String upName = names.get(from);
        String type = upName == null ? null : targetType.apply(upName);
        up.root().lower.add(new LowerBio(names.get(e.device()), e.sector(), e.sectors(), e.rwbs(),
                type == null ? "?" : type));
        remapped.computeIfAbsent(e.device(), k -> new HashMap<>()).put(e.sector(), up.root());
    }

    /**
     * The open empty flush an empty {@code A} belongs to. A target that maps a flush at once remaps it in the task
     * that queued it (dm's 2nd and later flush clones are made from a fresh bio at sector 0, so the sector says
     * nothing): the latest open flush that task queued. A target that hands flushes to a worker (dm-delay's
     * {@code flush_delayed_bios}, kcryptd, the thin and mirror workers) remaps them later, in the worker, in the
     * order it took them: the oldest open flush not yet remapped to that device. On a dm-delay trace two flushes
     * 230 us apart were both delayed 6 ms and remapped by the worker one after the other; the latest open flush
     * took both remaps and the first none.
     */
    private Open findFlush(List<Open> l, BlockEvent e) {
        for (int i = l.size() - 1; i >= 0; i--) {
            Open o = l.get(i);
            if (o.empty() && o.pid() == e.pid()) {
                return o;
            }
        }
        String dev = names.get(e.device());
        for (Open o : l) {
            if (o.empty() && !remappedTo(o.root(), dev)) {
                return o;
            }
        }
        return find(l, 0, 0, true);
    }

    private static boolean remappedTo(TopBio root, String dev) {
        for (LowerBio b : root.lower) {
            if (b.sectors() == 0 && b.device().equals(dev)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The latest open bio that holds {@code sectors} sectors from {@code sector} (an empty flush: the latest open
     * empty flush). A target remaps a bio, or a piece of it, never more: a remap larger than an open bio at its
     * sector is of another bio there, such as a kcopyd copy read of an external origin (a Q without A on the origin,
     * then the linear's A below it) while a thin volume's 16-sector read of the origin was open at the same sector.
     */
    private static Open find(List<Open> l, long sector, int sectors, boolean flush) {
        for (int i = l.size() - 1; i >= 0; i--) {
            Open o = l.get(i);
            if (flush ? o.empty() : (!o.empty() && o.start() <= sector && sector + sectors <= o.end())) {
                return o;
            }
        }
        return null;
    }

    private void open(int dev, Open o) {
        List<Open> l = open.computeIfAbsent(dev, k -> new ArrayList<>());
        l.add(o);
        if (l.size() > 65_536) {
            l.remove(0); // never completed within a long window: forget it
        }
    }

    private void complete(BlockEvent e) {
        List<Open> l = open.get(e.device());
        if (l == null) {
            return;
        }
        long t = e.time() - origin;
        long start = e.sector();
        long end = e.sector() + e.sectors();
        boolean closed = false;
        if (e.sectors() == 0) {
            // empty flush: the oldest open one
            for (Iterator<Open> it = l.iterator(); it.hasNext(); ) {
                Open o = it.next();
                if (o.empty()) {
                    it.remove();
                    done(e.device(), o, t);
                    closed = true;
                    break;
                }
            }
        } else {
            // a request may complete several merged bios; a split dm bio completes with its last fragment
            for (Iterator<Open> it = l.iterator(); it.hasNext(); ) {
                Open o = it.next();
                if (o.empty()) {
                    continue;
                }
                boolean inRequest = o.start() >= start && o.end() <= end;
                boolean lastFragment = o.end() == end && o.start() <= start;
                if (inRequest || lastFragment) {
                    it.remove();
                    done(e.device(), o, t);
                    closed = true;
                }
            }
        }
        if (!closed && topDevices.contains(e.device())) {
            unmatchedCompletions++;
        }
    }

    private void done(int dev, Open o, long t) {
        if (o.top()) {
            o.root().completed = t;
        } else {
            lowerQ2c.computeIfAbsent(names.get(dev), k -> new ArrayList<>()).add(t - o.queued());
            if (o.root() != null) {
                o.root().lowerLatency.add(new TopBio.LowerLatency(names.get(dev), t - o.queued()));
            }
        }
    }

    /** Class of worker I/O: read, write, flush (empty preflush), discard, with "meta" for REQ_META. */
    static String ioClass(String rwbs, int sectors) {
        String c;
        if (sectors == 0 && rwbs.startsWith("F")) {
            c = "flush";
        } else if (rwbs.contains("D")) {
            c = "discard";
        } else if (rwbs.contains("W")) {
            c = "write";
        } else {
            c = "read";
        }
        return rwbs.endsWith("M") ? c + "-meta" : c;
    }
}
