package dev.dmreplay.analyze.info;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import dev.dmreplay.ingest.model.SplitRemainders;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Accumulates what {@code dmreplay info} reports about a trace, one event at a time, in bounded memory (per
 * device, per process and per in-flight request state only). {@link #result} gives the typed report
 * ({@link TraceInfo}); text, JSON and HTML are rendered from that value.
 *
 * <p>Counting rules:
 * <ul>
 *   <li>{@code events} counts records the way blkparse 1.2.0 counts its {@code Events} lines: every record with
 *       a category bit, except PROCESS/TIMESTAMP notes and messages flagged {@code __BLK_TN_CGROUP} (which
 *       blkparse consumes while reading); DRV_DATA and unknown actions count.</li>
 *   <li>{@code ios} is the number of Q records (every bio entering a queue, stacked levels and split remainders
 *       included); {@code application} I/O leaves out Qs that follow an A (the remapped bio on the lower device)
 *       or an X (the resubmitted remainder: only the splitting task's next Q on that device, see
 *       {@link SplitRemainders}), so it counts what was submitted from above the traced stack.</li>
 *   <li>Q without completion: a Q is completed by a C on the same device whose range contains the Q's start
 *       sector (as for merged bios; older kernels complete dm's split pieces each with their own C), or by a C
 *       that ends where the Q ends and starts inside it: on v6.1 a split dm bio completes with the sector and
 *       size of its last fragment ({@code Q WS 24424 + 400} completes as {@code C WS 24768 + 56}).</li>
 * </ul>
 */
public final class TraceInfoCollector {
    /** Above this many open Qs the completion check stops (it would only grow memory). */
    static final int MAX_TRACKED_QUEUED = 1 << 20;
    static final int MAX_DERIVED = 1 << 16;

    private final Map<Integer, Device> devices = new HashMap<>();
    private final Map<Integer, long[]> processEvents = new HashMap<>();
    private final TreeMap<Integer, String> comms = new TreeMap<>();
    private final EnumMap<Action, long[]> actions = new EnumMap<>(Action.class);
    private final TreeMap<Long, long[]> remaps = new TreeMap<>();
    private final SplitRemainders remainders = new SplitRemainders();
    private final LinkedHashMap<DerivedKey, Boolean> derived = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DerivedKey, Boolean> eldest) {
            return size() > MAX_DERIVED;
        }
    };
    private final long[][] ops = new long[IoOp.values().length][2];
    private final long[][] appOps = new long[IoOp.values().length][2];

    private long records;
    private long events;
    private long ios;
    private long ioRecords;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private long outOfOrder;
    private long sinceLastCompletion;
    private boolean sawCompletion;
    private long unknownActions;
    private long cgroupMessages;
    private long noCategory;
    private long openQueued;
    private boolean completionTrackingStopped;
    private Device lastDevice;
    private int lastPid = -1;
    private long[] lastPidCount;

    private record DerivedKey(int device, long sector) {
    }

    private static final class Device {
        final int dev;
        long records;
        long ios;
        long bytesRead;
        long bytesWritten;
        long completions;
        final NavigableMap<Long, Integer> queued = new TreeMap<>();
        /** End sector → start sector of open Qs, for the last-fragment completion of split bios. */
        final Map<Long, Long> openByEnd = new java.util.HashMap<>();
        /** Time of the last event per CPU (index), for the per-CPU-stream order check; MIN_VALUE = none yet. */
        long[] lastTimeByCpu = new long[0];

        Device(int dev) {
            this.dev = dev;
        }

        /** Records {@code t} for {@code cpu}; true when it is earlier than that CPU's previous event. */
        boolean backwards(int cpu, long t) {
            if (cpu < 0 || cpu > 4095) {
                return false;
            }
            if (cpu >= lastTimeByCpu.length) {
                int old = lastTimeByCpu.length;
                lastTimeByCpu = java.util.Arrays.copyOf(lastTimeByCpu, Math.max(cpu + 1, old * 2));
                java.util.Arrays.fill(lastTimeByCpu, old, lastTimeByCpu.length, Long.MIN_VALUE);
            }
            boolean back = t < lastTimeByCpu[cpu];
            lastTimeByCpu[cpu] = t;
            return back;
        }
    }

    /** Counts one record (in input order). */
    private long v2Records;

    /** Records read from {@code struct blk_io_trace2} (protocol version 8) so far. */
    public long v2Records() {
        return v2Records;
    }

    public void accept(BlockEvent e) {
        records++;
        if (e.isV2()) {
            v2Records++;
        }
        Device d = lastDevice;
        if (d == null || d.dev != e.device()) {
            d = devices.computeIfAbsent(e.device(), Device::new);
            lastDevice = d;
        }
        d.records++;
        Action kind = e.kind();
        if (e.isNotify()) {
            notify(e, kind);
            return;
        }
        if ((e.action() >>> 16) == 0) {
            // no category bit: outside every act_mask, blkparse neither shows nor counts it
            noCategory++;
            return;
        }
        actions.computeIfAbsent(kind, k -> new long[1])[0]++;
        events++;
        ioRecords++;
        if (e.pid() != lastPid || lastPidCount == null) {
            lastPid = e.pid();
            lastPidCount = processEvents.computeIfAbsent(e.pid(), p -> new long[1]);
        }
        lastPidCount[0]++;
        if (kind == Action.UNKNOWN || kind == Action.ABORT) {
            unknownActions++;
        }
        times(e, d);
        switch (kind) {
            case QUEUE -> queue(e, d);
            case COMPLETE -> complete(e, d);
            case REMAP -> remap(e);
            case SPLIT -> remainders.split(e);
            default -> { }
        }
        if (kind != Action.COMPLETE) {
            sinceLastCompletion++;
        }
    }

    private void notify(BlockEvent e, Action kind) {
        switch (kind) {
            case NOTIFY_PROCESS -> comms.putIfAbsent(e.pid(), e.text());
            case NOTIFY_MESSAGE -> {
                if (e.action() == (Action.TC_NOTIFY_BIT | 2)) {
                    events++;
                    actions.computeIfAbsent(kind, k -> new long[1])[0]++;
                } else {
                    cgroupMessages++;
                }
            }
            case NOTIFY_TIMESTAMP -> { }
            default -> unknownActions++;
        }
    }

    private void times(BlockEvent e, Device d) {
        long t = e.time();
        firstTime = Math.min(firstTime, t);
        lastTime = Math.max(lastTime, t);
        if (d.backwards(e.cpu(), t)) {
            outOfOrder++;
        }
    }

    private void queue(BlockEvent e, Device d) {
        ios++;
        d.ios++;
        IoOp op = IoOp.of(e);
        ops[op.ordinal()][0]++;
        ops[op.ordinal()][1] += e.bytes() & 0xffffffffL;
        if (op == IoOp.WRITE || op == IoOp.DISCARD) {
            d.bytesWritten += e.bytes() & 0xffffffffL;
        } else {
            d.bytesRead += e.bytes() & 0xffffffffL;
        }
        boolean remainder = remainders.isRemainder(e);
        if (derived.remove(new DerivedKey(e.device(), e.sector())) == null && !remainder) {
            appOps[op.ordinal()][0]++;
            appOps[op.ordinal()][1] += e.bytes() & 0xffffffffL;
        }
        if (!completionTrackingStopped) {
            if (openQueued >= MAX_TRACKED_QUEUED) {
                completionTrackingStopped = true;
                devices.values().forEach(x -> {
                    x.queued.clear();
                    x.openByEnd.clear();
                });
                return;
            }
            d.queued.merge(e.sector(), 1, Integer::sum);
            if (e.sectors() > 0) {
                d.openByEnd.put(e.sector() + e.sectors(), e.sector());
            }
            openQueued++;
        }
    }

    private void complete(BlockEvent e, Device d) {
        d.completions++;
        sawCompletion = true;
        sinceLastCompletion = 0;
        if (completionTrackingStopped) {
            return;
        }
        long end = e.sector() + Math.max(1, e.sectors());
        NavigableMap<Long, Integer> hit = d.queued.subMap(e.sector(), true, end, false);
        for (int n : hit.values()) {
            openQueued -= n;
        }
        hit.clear();
        // v6.1: a split dm bio completes with its last fragment, which ends where the bio ends
        Long start = e.sectors() > 0 ? d.openByEnd.remove(e.sector() + e.sectors()) : null;
        if (start != null && start < e.sector()) {
            Integer n = d.queued.get(start);
            if (n != null) {
                openQueued--;
                if (n == 1) {
                    d.queued.remove(start);
                } else {
                    d.queued.put(start, n - 1);
                }
            }
        }
    }

    private void remap(BlockEvent e) {
        if (e.pdu().length < 16) {
            return;
        }
        int from = e.remapFromDevice();
        int to = e.device();
        devices.computeIfAbsent(from, Device::new);
        remaps.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), k -> new long[1])[0]++;
        derived.put(new DerivedKey(to, e.sector()), Boolean.TRUE);
    }

    /**
     * The report of the records seen so far.
     *
     * @param source          the trace as opened
     * @param names           device name lookup (DM name from the dumps, else the input name), null when unknown
     * @param skipped         what the reader skipped (lenient mode)
     * @param wrongCpuRecords records the reader found on the wrong CPU; null when the input cannot tell
     * @return the report without the DM table ({@link TraceInfo#withDm})
     */
    public TraceInfo result(TraceInfo.Source source, Function<DevNo, String> names, SkipReport skipped,
                            Long wrongCpuRecords) {
        TraceInfo.TimeSpan time = firstTime <= lastTime ? new TraceInfo.TimeSpan(firstTime, lastTime) : null;
        Map<Action, Long> byAction = new EnumMap<>(Action.class);
        actions.forEach((a, n) -> byAction.put(a, n[0]));
        Map<IoOp, TraceInfo.Volume> byOp = new EnumMap<>(IoOp.class);
        Map<IoOp, TraceInfo.Volume> app = new EnumMap<>(IoOp.class);
        for (IoOp op : IoOp.values()) {
            byOp.put(op, new TraceInfo.Volume(ops[op.ordinal()][0], ops[op.ordinal()][1]));
            app.put(op, new TraceInfo.Volume(appOps[op.ordinal()][0], appOps[op.ordinal()][1]));
        }
        List<TraceInfo.Device> devs = new ArrayList<>();
        TreeMap<DevNo, Device> sorted = new TreeMap<>();
        devices.forEach((k, v) -> sorted.put(DevNo.ofKernel(k), v));
        sorted.forEach((dev, d) -> devs.add(new TraceInfo.Device(dev, names.apply(dev), d.records, d.ios,
                d.completions, d.bytesRead, d.bytesWritten)));

        List<TraceInfo.Process> procs = new ArrayList<>();
        TreeMap<Integer, long[]> allPids = new TreeMap<>(Integer::compareUnsigned);
        allPids.putAll(processEvents);
        comms.keySet().forEach(p -> allPids.putIfAbsent(p, new long[1]));
        allPids.forEach((pid, n) -> procs.add(new TraceInfo.Process(Integer.toUnsignedLong(pid), comms.get(pid),
                n[0])));

        List<TraceInfo.Remap> remapList = new ArrayList<>();
        remaps.forEach((key, n) -> {
            DevNo from = DevNo.ofKernel((int) (key >>> 32));
            DevNo to = DevNo.ofKernel((int) (long) key);
            remapList.add(new TraceInfo.Remap(from, names.apply(from), to, names.apply(to), n[0]));
        });

        List<String> notes = new ArrayList<>();
        Long afterLast;
        Long unmatched;
        if (!sawCompletion) {
            // formats without completions (Alibaba, Tencent CSV) or a trace cut before any: nothing to check
            afterLast = null;
            unmatched = null;
            notes.add("no completion (C) records: completion checks skipped");
        } else {
            afterLast = sinceLastCompletion;
            if (completionTrackingStopped) {
                unmatched = null;
                notes.add("more than " + MAX_TRACKED_QUEUED + " Qs open at once: completion check stopped");
            } else {
                unmatched = openQueued;
            }
        }
        TraceInfo.Suspicious sus = new TraceInfo.Suspicious(skipped.count(), skipped.atMost(), skipped.stretches(),
                skipped.bytes(), wrongCpuRecords, outOfOrder, afterLast, unmatched, unknownActions, cgroupMessages, noCategory);
        return new TraceInfo(source, events, records, ios > 0 ? ios : ioRecords, time, byAction, byOp, app, devs,
                procs, remapList, sus, notes, null, null);
    }

    /** Upper device → the lower devices its bios were remapped onto (A events), sorted. */
    public SortedMap<DevNo, SortedSet<DevNo>> remapTargets() {
        SortedMap<DevNo, SortedSet<DevNo>> out = new TreeMap<>();
        remaps.keySet().forEach(key -> out.computeIfAbsent(DevNo.ofKernel((int) (key >>> 32)),
                k -> new TreeSet<>()).add(DevNo.ofKernel((int) (long) key)));
        return out;
    }
}
