package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.model.SplitRemainders;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accumulates what {@code dmreplay info} reports about a trace, one event at a time, in bounded memory (per
 * device, per process and per in-flight request state only). {@link #toJson} builds the report with a fixed key
 * order; the text form is rendered from the same tree.
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
final class TraceInfoCollector {
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
    private final long[][] ops = new long[Op.values().length][2];
    private final long[][] appOps = new long[Op.values().length][2];

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

    /** Operation classes of I/O, as storage engineers split them. */
    enum Op {
        READ, WRITE, FLUSH, DISCARD, OTHER;

        static Op of(BlockEvent e) {
            int a = e.action();
            if ((a & Category.DISCARD) != 0) {
                return DISCARD;
            }
            if (e.bytes() == 0) {
                return (a & Category.FLUSH) != 0 ? FLUSH : OTHER;
            }
            return (a & Category.WRITE) != 0 ? WRITE : READ;
        }
    }

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

    void accept(BlockEvent e) {
        records++;
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
        Op op = Op.of(e);
        ops[op.ordinal()][0]++;
        ops[op.ordinal()][1] += e.bytes() & 0xffffffffL;
        if (op == Op.WRITE || op == Op.DISCARD) {
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
     * The report.
     *
     * @param names  device name lookup (DM name from the dumps, else the input name), null when unknown
     * @param header fields put first (trace path, format, inputs)
     * @param extra  suspicious counts known to the reader (wrong-CPU records, skipped records)
     */
    ObjectNode toJson(Function<DevNo, String> names, ObjectNode header, Map<String, Long> extra) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.setAll(header);
        root.put("events", events);
        root.put("records", records);
        root.put("ios", ios > 0 ? ios : ioRecords);
        ObjectNode time = root.putObject("time");
        if (firstTime <= lastTime) {
            time.put("first_ns", firstTime);
            time.put("last_ns", lastTime);
            time.put("duration_ns", lastTime - firstTime);
        }
        ObjectNode byAction = root.putObject("actions");
        actions.forEach((a, n) -> byAction.put(actionName(a), n[0]));
        ObjectNode byOp = root.putObject("operations");
        ObjectNode app = root.putObject("application");
        for (Op op : Op.values()) {
            String k = op.name().toLowerCase(java.util.Locale.ROOT);
            byOp.putObject(k).put("ios", ops[op.ordinal()][0]).put("bytes", ops[op.ordinal()][1]);
            app.putObject(k).put("ios", appOps[op.ordinal()][0]).put("bytes", appOps[op.ordinal()][1]);
        }
        root.put("bytes_read", appOps[Op.READ.ordinal()][1]);
        root.put("bytes_written", appOps[Op.WRITE.ordinal()][1]);
        root.put("bytes_discarded", appOps[Op.DISCARD.ordinal()][1]);

        ArrayNode devs = root.putArray("devices");
        TreeMap<DevNo, Device> sorted = new TreeMap<>();
        devices.forEach((k, v) -> sorted.put(DevNo.ofKernel(k), v));
        sorted.forEach((dev, d) -> {
            ObjectNode o = devs.addObject();
            o.put("dev", dev.toString());
            o.put("major", dev.major());
            o.put("minor", dev.minor());
            String name = names.apply(dev);
            if (name != null) {
                o.put("name", name);
            } else {
                o.putNull("name");
            }
            o.put("records", d.records);
            o.put("ios", d.ios);
            o.put("completions", d.completions);
            o.put("bytes_read", d.bytesRead);
            o.put("bytes_written", d.bytesWritten);
        });

        ArrayNode procs = root.putArray("processes");
        TreeMap<Integer, long[]> allPids = new TreeMap<>(Integer::compareUnsigned);
        allPids.putAll(processEvents);
        comms.keySet().forEach(p -> allPids.putIfAbsent(p, new long[1]));
        allPids.forEach((pid, n) -> {
            ObjectNode o = procs.addObject();
            o.put("pid", Integer.toUnsignedLong(pid));
            String comm = comms.get(pid);
            if (comm != null) {
                o.put("comm", comm);
            } else {
                o.putNull("comm");
            }
            o.put("events", n[0]);
        });

        ArrayNode remapArray = root.putArray("remaps");
        remaps.forEach((key, n) -> {
            DevNo from = DevNo.ofKernel((int) (key >>> 32));
            DevNo to = DevNo.ofKernel((int) (long) key);
            ObjectNode o = remapArray.addObject();
            o.put("from", from.toString());
            putName(o, "from_name", names.apply(from));
            o.put("to", to.toString());
            putName(o, "to_name", names.apply(to));
            o.put("count", n[0]);
        });

        ObjectNode sus = root.putObject("suspicious");
        extra.forEach(sus::put);
        sus.put("out_of_order_timestamps", outOfOrder);
        ArrayNode notes = f.arrayNode();
        if (!sawCompletion) {
            // formats without completions (Alibaba, Tencent CSV) or a trace cut before any: nothing to check
            sus.putNull("events_after_last_completion");
            sus.putNull("queued_without_completion");
            notes.add("no completion (C) records: completion checks skipped");
        } else {
            sus.put("events_after_last_completion", sinceLastCompletion);
            if (completionTrackingStopped) {
                sus.putNull("queued_without_completion");
                notes.add("more than " + MAX_TRACKED_QUEUED + " Qs open at once: completion check stopped");
            } else {
                sus.put("queued_without_completion", openQueued);
            }
        }
        sus.put("unknown_actions", unknownActions);
        sus.put("cgroup_messages_dropped_by_blkparse", cgroupMessages);
        sus.put("records_without_category", noCategory);
        root.set("notes", notes);
        return root;
    }

    /** Upper device → the lower devices its bios were remapped onto (A events), sorted. */
    java.util.SortedMap<DevNo, java.util.SortedSet<DevNo>> remapTargets() {
        java.util.SortedMap<DevNo, java.util.SortedSet<DevNo>> out = new TreeMap<>();
        remaps.keySet().forEach(key -> out.computeIfAbsent(DevNo.ofKernel((int) (key >>> 32)),
                k -> new java.util.TreeSet<>()).add(DevNo.ofKernel((int) (long) key)));
        return out;
    }

    private static void putName(ObjectNode o, String key, String name) {
        if (name != null) {
            o.put(key, name);
        } else {
            o.putNull(key);
        }
    }

    static String actionName(Action a) {
        return switch (a) {
            case ABORT -> "abort";
            case DRV_DATA -> "drv_data";
            case UNKNOWN -> "unknown";
            case NOTIFY_MESSAGE -> "m";
            default -> a.letters();
        };
    }
}
