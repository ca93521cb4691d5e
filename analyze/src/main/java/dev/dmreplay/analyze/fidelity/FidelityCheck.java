package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.workload.ReplayMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a trace through the model in timed mode and compares, per top-level bio, the lower-device bios of both
 * sides (see {@link KernelSide} and {@link ModelSide}); also worker I/O, dispatches and Q2C latency.
 */
public final class FidelityCheck {
    /** Mismatching top-level bios listed in full unless asked for another number. */
    public static final int MISMATCHES_SHOWN = 10;

    private FidelityCheck() {
    }

    /** As {@link #run(TraceReplay.Setup, String, int)} listing the first {@value #MISMATCHES_SHOWN} mismatches. */
    public static FidelityReport run(TraceReplay.Setup setup, String strategyName) throws IOException {
        return run(setup, strategyName, MISMATCHES_SHOWN);
    }

    /**
     * @param setup a replay setup; its mode must be timed (the pairing key is the recorded queue time)
     * @param shown how many mismatching top-level bios the report lists in full
     */
    public static FidelityReport run(TraceReplay.Setup setup, String strategyName, int shown) throws IOException {
        return run(setup, strategyName, shown, null);
    }

    /**
     * As {@link #run(TraceReplay.Setup, String, int)}, handing every top-level bio of the trace, in the kernel's
     * queue order, to {@code bios} (null: none).
     */
    public static FidelityReport run(TraceReplay.Setup setup, String strategyName, int shown,
                                     java.util.function.Consumer<FidelityReport.Bio> bios) throws IOException {
        return run(setup, strategyName, shown, bios, Submission.APPLICATION_DEPTH);
    }

    /**
     * How the top-level bios enter the model. {@link #APPLICATION_DEPTH}, the default, is the replay's own: each at
     * its recorded time, but with at most the trace's recorded in-flight count per top device, a bio waiting for the
     * model's next completion when it has that many in flight, as the application would have. A bio the model
     * completes late then holds back later ones, and since a thin pool provisions blocks in the order its worker
     * finds the bios, one late arrival can change the blocks of others. {@link #RECORDED_TIMES} lets every bio in
     * at its recorded time whatever the model's completions, so that the model gets the kernel's arrivals and a
     * lower bio that differs is the stack's own difference; it loses what the application's pacing does to the
     * stack (a snapshot's commits batch more writes when they keep arriving during a commit).
     */
    public enum Submission {
        RECORDED_TIMES,
        APPLICATION_DEPTH
    }

    /** As {@link #run(TraceReplay.Setup, String, int, java.util.function.Consumer)} with this submission. */
    public static FidelityReport run(TraceReplay.Setup setup, String strategyName, int shown,
                                     java.util.function.Consumer<FidelityReport.Bio> bios, Submission submission)
            throws IOException {
        if (submission == Submission.RECORDED_TIMES && setup.maxInFlight() == 0) {
            setup = setup.withMaxInFlight(dev.dmreplay.replay.workload.Admission.MAX_DEPTH);
        }
        if (setup.mode().kind() != ReplayMode.Kind.TIMED) {
            throw new IllegalArgumentException("fidelity needs the timed replay mode");
        }
        TraceReplay.Prepared p = TraceReplay.prepare(setup);
        if (p.fromRemaps()) {
            throw TraceFormatException.of(setup.trace().toString(), "the top device(s) " + p.topDevices()
                    + " were not traced: fidelity needs their Q records");
        }
        Machine m = p.machine();
        Map<Integer, String> names = new HashMap<>();
        for (BlockDevice d : m.devices()) {
            if (d.devno != 0) {
                names.put(d.devno, d.name);
            }
        }
        Set<String> topNames = new HashSet<>(p.topDevices());
        Set<Integer> topNumbers = new HashSet<>();
        names.forEach((n, name) -> {
            if (topNames.contains(name)) {
                topNumbers.add(n);
            }
        });
        WorkerIoClasses classes = WorkerIoClasses.of(m);
        HeldOriginWrites held = HeldOriginWrites.of(m);
        ModelSide model = new ModelSide(topNames, dev -> targetType(m, dev), classes, held);
        m.kernel.addListener(model);
        p.run(null, setup.options());
        KcopydCopyReads.of(m).forEach((dev, n) -> model.workerIoIssued(dev, classes.classify(dev, "R", 0), n));

        KernelSide kernel = new KernelSide(topNumbers, names, dev -> targetType(m, dev), classes, held);
        ReadOptions ro = setup.lenient() ? ReadOptions.LENIENT : ReadOptions.STRICT;
        try (OpenedTrace ot = TraceOpener.open(setup.trace(), ro, setup.table())) {
            kernel.scan(ot.events());
        }
        List<String> notes = new ArrayList<>(p.notes());
        if (submission == Submission.RECORDED_TIMES) {
            notes.add("open loop: every top-level bio entered the model at its recorded time (the kernel's arrivals),"
                    + " whatever the model's completions");
        }
        return compare(setup.trace().toString(), strategyName, kernel, model, notes, shown, bios);
    }

    /** The target type(s) of mapped device {@code dev}: "linear", or "linear+striped" for a mixed table. */
    private static String targetType(Machine m, String dev) {
        BlockDevice d = m.deviceOrNull(dev);
        if (d instanceof MappedDevice md) {
            java.util.Set<String> types = new java.util.LinkedHashSet<>();
            for (Target t : md.table().targets()) {
                types.add(t.type());
            }
            return String.join("+", types);
        }
        return "?";
    }

    static FidelityReport compare(String trace, String strategy, KernelSide k, ModelSide mo, List<String> notes,
                                  int shown) {
        return compare(trace, strategy, k, mo, notes, shown, null);
    }

    static FidelityReport compare(String trace, String strategy, KernelSide k, ModelSide mo, List<String> notes,
                                  int shown, java.util.function.Consumer<FidelityReport.Bio> bios) {
        Map<TopBio.Key, TopBio> modelByKey = new HashMap<>();
        for (TopBio t : mo.tops.values()) {
            modelByKey.put(t.key(), t);
        }
        long submitted = 0;
        long matched = 0;
        long matchedData = 0;
        long untraceable = 0;
        Map<String, long[]> byTarget = new TreeMap<>();
        Map<String, long[]> byDevice = new TreeMap<>();
        List<FidelityReport.Mismatch> mismatches = new ArrayList<>();
        List<Long> kTop = new ArrayList<>();
        List<Long> mTop = new ArrayList<>();
        Map<String, List<Long>> kTopByDev = new TreeMap<>();
        Map<String, List<Long>> mTopByDev = new TreeMap<>();
        Map<String, List<Long>> kTopByOp = new TreeMap<>();
        Map<String, List<Long>> mTopByOp = new TreeMap<>();
        Map<String, List<Long>> kLowerByOp = new TreeMap<>();
        Map<String, List<Long>> mLowerByOp = new TreeMap<>();
        for (TopBio kb : k.tops) {
            if (kb.completed >= 0) {
                kTopByDev.computeIfAbsent(kb.device, x -> new ArrayList<>()).add(kb.completed - kb.queued);
                kTopByOp.computeIfAbsent(kb.device + " " + kb.operation(), x -> new ArrayList<>())
                        .add(kb.completed - kb.queued);
            }
            for (TopBio.LowerLatency l : kb.lowerLatency) {
                kLowerByOp.computeIfAbsent(l.device() + " " + kb.operation(), x -> new ArrayList<>()).add(l.ns());
            }
            TopBio mb = modelByKey.remove(kb.key());
            List<LowerBio> kl = sorted(kb.lower);
            for (LowerBio b : kl) {
                count(byTarget, b.target(), 0);
                count(byDevice, b.device(), 0);
            }
            if (mb == null) {
                if (bios != null) {
                    bios.accept(bio(kb, null, kl, List.of(), false));
                }
                if (mismatches.size() < shown) {
                    mismatches.add(new FidelityReport.Mismatch(kb + " (not submitted by the model)", strings(kl),
                            List.of()));
                }
                continue;
            }
            submitted++;
            if (mb.completed >= 0) {
                mTopByDev.computeIfAbsent(mb.device, x -> new ArrayList<>()).add(mb.completed - mb.queued);
                // under the kernel's operation, so that both sides of a pair fall in the same row
                mTopByOp.computeIfAbsent(kb.device + " " + kb.operation(), x -> new ArrayList<>())
                        .add(mb.completed - mb.queued);
            }
            for (TopBio.LowerLatency l : mb.lowerLatency) {
                mLowerByOp.computeIfAbsent(l.device() + " " + kb.operation(), x -> new ArrayList<>()).add(l.ns());
            }
            List<LowerBio> ml = new ArrayList<>();
            for (LowerBio b : mb.lower) {
                if (b.sector() < 0) {
                    untraceable++;
                } else {
                    ml.add(b);
                }
            }
            ml = sorted(ml);
            for (LowerBio b : ml) {
                count(byTarget, b.target(), 1);
                count(byDevice, b.device(), 1);
            }
            // multiset intersection (both sorted)
            int i = 0;
            int j = 0;
            int common = 0;
            while (i < kl.size() && j < ml.size()) {
                int c = kl.get(i).compareTo(ml.get(j));
                if (c == 0) {
                    count(byTarget, kl.get(i).target(), 2);
                    count(byDevice, kl.get(i).device(), 2);
                    common++;
                    i++;
                    j++;
                } else if (c < 0) {
                    i++;
                } else {
                    j++;
                }
            }
            boolean exact = common == kl.size() && common == ml.size();
            if (bios != null) {
                bios.accept(bio(kb, mb, kl, ml, exact));
            }
            if (exact) {
                matched++;
                matchedData++;
            } else {
                if (sameData(kl, ml)) {
                    matchedData++;
                }
                if (mismatches.size() < shown) {
                    mismatches.add(new FidelityReport.Mismatch(kb.toString(), strings(kl), strings(ml)));
                }
            }
        }
        Map<String, FidelityReport.Latency> latency = new LinkedHashMap<>();
        for (String dev : union(kTopByDev.keySet(), mTopByDev.keySet())) {
            latency.put(dev, latency(kTopByDev.get(dev), mTopByDev.get(dev)));
        }
        for (String dev : union(k.lowerQ2c.keySet(), mo.lowerQ2c.keySet())) {
            latency.putIfAbsent(dev, latency(k.lowerQ2c.get(dev), mo.lowerQ2c.get(dev)));
        }
        Map<String, FidelityReport.Latency> latencyByOp = new LinkedHashMap<>();
        for (String key : union(kTopByOp.keySet(), mTopByOp.keySet())) {
            latencyByOp.put(key, latency(kTopByOp.get(key), mTopByOp.get(key)));
        }
        for (String key : union(kLowerByOp.keySet(), mLowerByOp.keySet())) {
            latencyByOp.putIfAbsent(key, latency(kLowerByOp.get(key), mLowerByOp.get(key)));
        }
        Map<String, Map<String, FidelityReport.Pair>> worker = new TreeMap<>();
        for (String dev : union(k.workerIo.keySet(), mo.workerIo.keySet())) {
            Map<String, Long> kc = k.workerIo.getOrDefault(dev, Map.of());
            Map<String, Long> mc = mo.workerIo.getOrDefault(dev, Map.of());
            Map<String, FidelityReport.Pair> row = new TreeMap<>();
            for (String c : union(kc.keySet(), mc.keySet())) {
                row.put(c, new FidelityReport.Pair(kc.getOrDefault(c, 0L), mc.getOrDefault(c, 0L)));
            }
            worker.put(dev, row);
        }
        Map<String, FidelityReport.Pair> dispatches = new TreeMap<>();
        for (String dev : union(k.dispatched.keySet(), mo.dispatched.keySet())) {
            dispatches.put(dev, new FidelityReport.Pair(k.dispatched.getOrDefault(dev, 0L),
                    mo.dispatched.getOrDefault(dev, 0L)));
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (!mo.direct.isEmpty()) {
            allNotes.add("bios the trace queued straight to a lower device without a remap were replayed as"
                    + " submitted there: " + mo.direct);
        }
        if (k.orphanRemaps > 0) {
            allNotes.add(k.orphanRemaps + " kernel remap records had no open bio on their upper device");
        }
        if (!modelByKey.isEmpty()) {
            allNotes.add(modelByKey.size() + " bios the model submitted were not queued by the kernel at that time");
        }
        long tops = k.tops.size();
        return new FidelityReport(trace, strategy, tops, submitted, matched, matchedData, tops - submitted,
                counts(byTarget), counts(byDevice), worker, dispatches, latency, latencyByOp, mismatches, untraceable,
                allNotes);
    }

    private static FidelityReport.Bio bio(TopBio kb, TopBio mb, List<LowerBio> kl, List<LowerBio> ml,
                                          boolean exact) {
        long kq = kb.completed >= 0 ? kb.completed - kb.queued : -1;
        long mq = mb != null && mb.completed >= 0 ? mb.completed - mb.queued : -1;
        return new FidelityReport.Bio(kb.queued, kb.device, kb.rwbs, kb.sector, kb.sectors, kb.operation(), exact,
                kq, mq, strings(kl), strings(ml));
    }

    private static boolean sameData(List<LowerBio> a, List<LowerBio> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameData(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<LowerBio> sorted(List<LowerBio> l) {
        List<LowerBio> s = new ArrayList<>(l);
        Collections.sort(s);
        return s;
    }

    private static List<String> strings(List<LowerBio> l) {
        List<String> s = new ArrayList<>();
        for (LowerBio b : l) {
            s.add(b.toString());
        }
        return s;
    }

    private static void count(Map<String, long[]> m, String key, int slot) {
        m.computeIfAbsent(key, x -> new long[3])[slot]++;
    }

    private static Map<String, FidelityReport.Counts> counts(Map<String, long[]> m) {
        Map<String, FidelityReport.Counts> out = new TreeMap<>();
        m.forEach((key, c) -> out.put(key, new FidelityReport.Counts(c[0], c[1], c[2])));
        return out;
    }

    private static <T extends Comparable<T>> List<T> union(Set<T> a, Set<T> b) {
        Set<T> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }

    private static FidelityReport.Latency latency(List<Long> kernel, List<Long> model) {
        return new FidelityReport.Latency(percentiles(kernel), percentiles(model));
    }

    /** Nearest-rank percentiles. */
    static FidelityReport.Percentiles percentiles(List<Long> samples) {
        if (samples == null || samples.isEmpty()) {
            return new FidelityReport.Percentiles(0, 0, 0, 0);
        }
        long[] a = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return new FidelityReport.Percentiles(a.length, rank(a, 50), rank(a, 90), rank(a, 99));
    }

    private static long rank(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
