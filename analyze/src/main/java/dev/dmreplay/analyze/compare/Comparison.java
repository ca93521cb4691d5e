package dev.dmreplay.analyze.compare;

import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.run.Fmt;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.replay.observe.ObservationKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Several runs of the same trace side by side (different strategies, pressures or pool sizes): one table per
 * group of metrics (run, latency, stalls, each pool, rescue) with one column per run; in every row where a
 * direction is defined the best value is marked with {@value #BEST}. Ties mark every best run. Only runs that
 * completed every top-level bio compete for best latency, throughput and pool figures (a deadlocked run would
 * otherwise "win" them by doing less), unless no run did. Run columns are named after the runs (made unique with
 * "#2", "#3" suffixes) in the order given.
 */
public final class Comparison {
    public static final String BEST = "*";

    /** One table: its title, the Tablesaw table of formatted cells, and the raw rows. */
    public record Section(String title, Table table, List<Row> rows) {
    }

    /** One metric over the runs: raw values (null = none) and which runs are best. */
    public record Row(String metric, Metric.Better better, String unit, List<Object> values, List<Boolean> best) {
    }

    private final List<String> columns;
    private final List<Section> sections;
    private final List<String> traces;

    private Comparison(List<String> columns, List<Section> sections, List<String> traces) {
        this.columns = columns;
        this.sections = sections;
        this.traces = traces;
    }

    /**
     * A warning when the runs replayed different traces (as their summaries name them), else empty: their figures
     * then differ by workload, not only by strategy, and "best" means little.
     */
    public java.util.Optional<String> traceWarning() {
        java.util.Set<String> distinct = new java.util.TreeSet<>(traces);
        distinct.remove("");
        if (distinct.size() < 2) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("warning: the runs replayed " + distinct.size() + " different traces ("
                + String.join(", ", distinct) + "); their figures differ by workload, not only by strategy");
    }

    public List<String> runs() {
        return columns;
    }

    public List<Section> sections() {
        return sections;
    }

    public static Comparison of(List<RunReport> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        List<String> cols = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (RunReport r : runs) {
            int n = seen.merge(r.name(), 1, Integer::sum);
            cols.add(n == 1 ? r.name() : r.name() + "#" + n);
        }
        List<Section> out = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        boolean any = false;
        for (RunReport r : runs) {
            boolean c = r.latency().unfinished() == 0 && r.stalls().deadlocks().isEmpty();
            complete.add(c);
            any |= c;
        }
        List<Boolean> all = new ArrayList<>();
        runs.forEach(r -> all.add(true));
        for (Map.Entry<String, List<Metric>> g : groups(runs).entrySet()) {
            boolean everyone = g.getKey().equals("stalls and deadlocks") || !any;
            out.add(section(g.getKey(), g.getValue(), runs, cols, everyone ? all : complete, all));
        }
        List<String> traces = new ArrayList<>();
        runs.forEach(r -> traces.add(r.trace()));
        return new Comparison(List.copyOf(cols), List.copyOf(out), List.copyOf(traces));
    }

    /** The metric groups, in report order; pool and rescue groups cover the union over runs. */
    static Map<String, List<Metric>> groups(List<RunReport> runs) {
        Map<String, List<Metric>> g = new LinkedHashMap<>();
        g.put("run", List.of(
                new Metric("trace", Metric.Better.NONE, "text", RunReport::trace),
                new Metric("strategy", Metric.Better.NONE, "text", RunReport::strategy),
                new Metric("outcome", Metric.Better.NONE, "text", RunReport::outcome),
                new Metric("simulated time", Metric.Better.NONE, "ns", RunReport::endNs),
                new Metric("observations", Metric.Better.NONE, "", RunReport::observations)));
        g.put("latency of top-level bios", List.of(
                new Metric("completed", Metric.Better.HIGHER, "", r -> r.latency().completed(), true),
                new Metric("unfinished", Metric.Better.LOWER, "", r -> r.latency().unfinished(), true),
                new Metric("errors", Metric.Better.LOWER, "", r -> r.latency().errors(), true),
                new Metric("delayed submissions", Metric.Better.LOWER, "", r -> r.latency().delayedSubmissions()),
                new Metric("Q2C mean", Metric.Better.LOWER, "ns", r -> q2c(r, r.latency().q2c().mean())),
                new Metric("Q2C p50", Metric.Better.LOWER, "ns", r -> q2c(r, r.latency().q2c().p50())),
                new Metric("Q2C p99", Metric.Better.LOWER, "ns", r -> q2c(r, r.latency().q2c().p99())),
                new Metric("Q2C max", Metric.Better.LOWER, "ns", r -> q2c(r, r.latency().q2c().max())),
                new Metric("Q2C corrected p99", Metric.Better.LOWER, "ns",
                        r -> r.latency().correctionAvailable() ? q2c(r, r.latency().q2cCorrected().p99()) : null),
                new Metric("Q2C corrected max", Metric.Better.LOWER, "ns",
                        r -> r.latency().correctionAvailable() ? q2c(r, r.latency().q2cCorrected().max()) : null),
                new Metric("IOPS", Metric.Better.HIGHER, "/s", r -> throughput(r, r.latency().iops())),
                new Metric("MiB/s", Metric.Better.HIGHER, "/s", r -> throughput(r, r.latency().mibPerSecond()))));
        if (runs.stream().anyMatch(r -> r.recorded() != null && r.recorded().count() > 0)) {
            List<Metric> l = new ArrayList<>(g.get("latency of top-level bios"));
            l.add(new Metric("Q2C mean / recorded", Metric.Better.NONE, "ratio",
                    r -> recorded(r, r.latency().q2c().mean(), r.recorded() == null ? 0 : r.recorded().meanNs())));
            l.add(new Metric("Q2C p99 / recorded", Metric.Better.NONE, "ratio",
                    r -> recorded(r, r.latency().q2c().p99(), r.recorded() == null ? 0 : r.recorded().p99Ns())));
            g.put("latency of top-level bios", List.copyOf(l));
        }
        g.put("stalls and deadlocks", List.of(
                new Metric("waits over threshold", Metric.Better.LOWER, "", r -> r.stalls().longWaitCount()),
                new Metric("longest wait", Metric.Better.LOWER, "ns", r -> r.stalls().longestWaitNs()),
                new Metric("still waiting at end", Metric.Better.LOWER, "", r -> (long) r.stalls().unfinished().size()),
                new Metric("model stalls", Metric.Better.LOWER, "", r -> r.stalls().modelStallCount()),
                new Metric("deadlocks", Metric.Better.LOWER, "", r -> (long) r.stalls().deadlocks().size()),
                new Metric("clones live per bio, max", Metric.Better.LOWER, "", r -> r.clones().worstLive()),
                new Metric("clones live in run, max", Metric.Better.LOWER, "",
                        r -> r.clones().liveAcrossRunHighWater())));
        Set<String> pools = new TreeSet<>();
        Set<String> punts = new TreeSet<>();
        Set<String> offloads = new TreeSet<>();
        Set<String> lists = new TreeSet<>();
        for (RunReport r : runs) {
            r.pools().forEach(p -> pools.add(p.pool()));
            r.rescue().punts().forEach(p -> punts.add(p.bioset()));
            r.rescue().offloads().forEach(o -> offloads.add(offloadKey(o)));
            r.rescue().lists().forEach(l -> lists.add(l.list()));
        }
        for (String p : pools) {
            g.put("pool " + p, List.of(
                    new Metric("allocations", Metric.Better.NONE, "", r -> pool(r, p, PoolReport::allocations)),
                    new Metric("reserve low-water", Metric.Better.HIGHER, "",
                            r -> pool(r, p, PoolReport::reserveLowWater)),
                    new Metric("time with empty reserve", Metric.Better.LOWER, "ns",
                            r -> pool(r, p, PoolReport::emptyReserveNs)),
                    new Metric("non-blocking failures", Metric.Better.LOWER, "",
                            r -> pool(r, p, x -> x.nonBlockingFailures() + x.nowaitFailures())),
                    new Metric("sleeps", Metric.Better.LOWER, "", r -> pool(r, p, PoolReport::sleepsBegun)),
                    new Metric("sleep time", Metric.Better.LOWER, "ns", r -> pool(r, p, x -> x.sleeps().total())),
                    new Metric("longest sleep", Metric.Better.LOWER, "ns", r -> pool(r, p, PoolReport::longestSleepNs)),
                    new Metric("5 s re-polls", Metric.Better.LOWER, "", r -> pool(r, p, PoolReport::repolls)),
                    new Metric("in use, peak", Metric.Better.LOWER, "", r -> pool(r, p, PoolReport::peakInUse))));
        }
        List<Metric> rescue = new ArrayList<>();
        for (String b : punts) {
            rescue.add(new Metric("punts " + b, Metric.Better.NONE, "", r -> punt(r, b, true)));
            rescue.add(new Metric("bios punted " + b, Metric.Better.NONE, "", r -> punt(r, b, false)));
        }
        for (String o : offloads) {
            rescue.add(new Metric(o + " firings", Metric.Better.NONE, "", r -> offload(r, o, true)));
            rescue.add(new Metric(o + " bios", Metric.Better.NONE, "", r -> offload(r, o, false)));
        }
        for (String l : lists) {
            rescue.add(new Metric("resubmitted from " + l, Metric.Better.NONE, "", r -> list(r, l, false)));
            rescue.add(new Metric("depth high-water " + l, Metric.Better.LOWER, "", r -> list(r, l, true)));
        }
        if (!rescue.isEmpty()) {
            g.put("rescue", rescue);
        }
        Map<String, List<Metric>> out = new LinkedHashMap<>();
        g.forEach((title, metrics) -> out.put(title, metrics.stream().map(m -> recordedOnly(title, m)).toList()));
        return out;
    }

    /**
     * {@code m} giving no value ("-") for a run whose observation level did not record what it is computed from
     * ({@code --observe pools} or {@code summary}), rather than the zero an empty stream would give.
     */
    private static Metric recordedOnly(String group, Metric m) {
        ObservationKind needs;
        if (group.equals("run")) {
            return m;
        } else if (group.equals("latency of top-level bios")) {
            needs = ObservationKind.SUBMIT;
        } else if (group.startsWith("pool ")) {
            needs = ObservationKind.ALLOC;
        } else if (group.equals("rescue")) {
            needs = ObservationKind.PUNT;
        } else if (m.name().startsWith("clones")) {
            needs = ObservationKind.REMAP;
        } else {
            needs = ObservationKind.WAIT_BEGIN; // stalls, waits and deadlocks
        }
        return new Metric(m.name(), m.better(), m.unit(), r -> r.records(needs) ? m.value().apply(r) : null,
                m.everyRun());
    }

    private static Object recorded(RunReport r, long replay, long recorded) {
        if (r.recorded() == null || r.latency().completed() == 0) {
            return null;
        }
        double x = dev.dmreplay.analyze.run.RecordedLatency.ratio(replay, recorded);
        return Double.isNaN(x) ? null : x;
    }

    /** A stuck run has no throughput: what it completed before it stopped is not a rate of the workload. */
    private static Object throughput(RunReport r, double v) {
        return r.latency().stuck() || !r.stalls().deadlocks().isEmpty() ? null : v;
    }

    private static Object q2c(RunReport r, long v) {
        return r.latency().completed() == 0 ? null : v;
    }

    private static Object pool(RunReport r, String name, java.util.function.ToLongFunction<PoolReport> f) {
        for (PoolReport p : r.pools()) {
            if (p.pool().equals(name)) {
                return f.applyAsLong(p);
            }
        }
        return null;
    }

    private static String offloadKey(RescueActivity.OffloadReport o) {
        return o.mechanism() + (o.device().isEmpty() ? "" : " on " + o.device());
    }

    private static Object punt(RunReport r, String bioset, boolean calls) {
        for (RescueActivity.PuntReport p : r.rescue().punts()) {
            if (p.bioset().equals(bioset)) {
                return calls ? p.punts() : p.biosPunted();
            }
        }
        return 0L;
    }

    private static Object offload(RunReport r, String key, boolean firings) {
        for (RescueActivity.OffloadReport o : r.rescue().offloads()) {
            if (offloadKey(o).equals(key)) {
                return firings ? o.firings() : o.bios();
            }
        }
        return 0L;
    }

    private static Object list(RunReport r, String name, boolean depth) {
        for (RescueActivity.ListReport l : r.rescue().lists()) {
            if (l.list().equals(name)) {
                if (depth) {
                    return l.depthKnown() ? l.depthHighWater() : null;
                }
                return l.resubmitted();
            }
        }
        return depth ? null : 0L;
    }

    private static Section section(String title, List<Metric> metrics, List<RunReport> runs, List<String> cols,
                                   List<Boolean> complete, List<Boolean> all) {
        StringColumn names = StringColumn.create("metric");
        List<StringColumn> runCols = new ArrayList<>();
        for (String c : cols) {
            runCols.add(StringColumn.create(c));
        }
        List<Row> rows = new ArrayList<>();
        for (Metric m : metrics) {
            List<Object> values = new ArrayList<>();
            for (RunReport r : runs) {
                values.add(m.value().apply(r));
            }
            List<Boolean> eligible = m.everyRun() ? all : complete;
            List<Object> competing = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                competing.add(eligible.get(i) ? values.get(i) : null);
            }
            List<Boolean> best = best(m.better(), competing);
            rows.add(new Row(m.name(), m.better(), m.unit(), values, best));
            names.append(m.name());
            for (int i = 0; i < runs.size(); i++) {
                String cell = format(values.get(i), m.unit());
                runCols.get(i).append(best.get(i) ? cell + " " + BEST : cell);
            }
        }
        Table t = Table.create(title).addColumns(names);
        for (StringColumn c : runCols) {
            t.addColumns(c);
        }
        return new Section(title, t, List.copyOf(rows));
    }

    /** Marks the best numeric values; nothing when fewer than two runs have a value or all are equal. */
    static List<Boolean> best(Metric.Better better, List<Object> values) {
        List<Boolean> out = new ArrayList<>();
        Double bestV = null;
        int numeric = 0;
        boolean differ = false;
        Double first = null;
        for (Object v : values) {
            if (v instanceof Number n) {
                double d = n.doubleValue();
                numeric++;
                if (first == null) {
                    first = d;
                } else if (d != first) {
                    differ = true;
                }
                if (bestV == null || (better == Metric.Better.LOWER ? d < bestV : d > bestV)) {
                    bestV = d;
                }
            }
        }
        boolean mark = better != Metric.Better.NONE && numeric >= 2 && differ;
        for (Object v : values) {
            out.add(mark && v instanceof Number n && n.doubleValue() == bestV);
        }
        return out;
    }

    static String format(Object v, String unit) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return Fmt.num(d, unit.equals("ratio") ? 2 : 1);
        }
        if (v instanceof Number n && unit.equals("ns")) {
            return Fmt.ns(n.longValue());
        }
        String s = v.toString();
        return s.isEmpty() ? "-" : s;
    }
}
