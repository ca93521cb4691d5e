package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.btt.LayerStats;
import dev.dmreplay.analyze.info.IoOp;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.analyze.latency.Buckets;
import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.analyze.latency.OffsetMap;
import dev.dmreplay.analyze.latency.TraceTimeline;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The section of a recorded trace: what it holds (info), btt-compatible latency, charts, layer attribution. */
final class TracePart {
    private TracePart() {
    }

    static void render(Html h, ReportModel.TraceData t, String anchor, HtmlReport.Ids ids) {
        h.open("section", "id", anchor).el("h2", "Trace " + t.name()).nl();
        Map<String, String> names = new TreeMap<>();
        if (t.info() != null) {
            for (TraceInfo.Device d : t.info().devices()) {
                if (d.name() != null && !d.name().isEmpty()) {
                    names.put(d.dev().toString(), d.name());
                }
            }
            info(h, t.info(), ids);
        }
        if (t.analysis() != null) {
            latency(h, t.analysis(), names);
        }
        if (t.timeline() != null) {
            charts(h, t.timeline(), names, ids);
        }
        if (t.analysis() != null) {
            layers(h, t.analysis(), names);
        }
        h.close("section").nl();
    }

    private static void info(Html h, TraceInfo i, HtmlReport.Ids ids) {
        h.el("h3", "What the trace holds");
        h.open("table");
        kv(h, "trace", i.source().trace());
        kv(h, "format", i.source().description() != null ? i.source().description()
                : TraceInfoJson.formatName(i.source().format()));
        kv(h, "inputs", String.join(", ", i.source().inputs()));
        kv(h, "duration", Fmt.ms(i.time() == null ? 0 : (double) i.time().durationNs()) + " ms");
        kv(h, "events (as blkparse counts them)", Long.toString(i.events()));
        kv(h, "records", Long.toString(i.records()));
        kv(h, "queued I/Os (Q)", Long.toString(i.ios()));
        kv(h, "application bytes read / written / discarded",
                Fmt.bytes(i.bytesRead()) + " / " + Fmt.bytes(i.bytesWritten()) + " / " + Fmt.bytes(i.bytesDiscarded()));
        h.close("table").nl();

        h.el("h4", "Operations (I/Os and bytes)");
        h.open("table");
        h.headRow(List.of("operation", "all levels: I/Os", "bytes", "application: I/Os", "bytes"));
        for (IoOp op : IoOp.values()) {
            TraceInfo.Volume a = i.operations().get(op);
            TraceInfo.Volume b = i.application().get(op);
            h.row(List.of(TraceInfoJson.opName(op), Long.toString(a.ios()), Fmt.bytes(a.bytes()),
                    Long.toString(b.ios()), Fmt.bytes(b.bytes())));
        }
        h.close("table").nl();
        if (!i.devices().isEmpty()) {
            h.el("h4", "Devices");
            h.open("table");
            h.headRow(List.of("dev", "name", "records", "I/Os", "completions", "read", "written"));
            for (TraceInfo.Device d : i.devices()) {
                h.row(List.of(d.dev().toString(), orEmpty(d.name()), Long.toString(d.records()),
                        Long.toString(d.ios()), Long.toString(d.completions()), Fmt.bytes(d.bytesRead()),
                        Fmt.bytes(d.bytesWritten())));
            }
            h.close("table").nl();
        }
        if (i.dm() != null && !i.dm().isEmpty()) {
            h.el("h4", "Device-mapper table");
            h.open("table");
            h.headRow(List.of("name", "dev", "start", "length", "target", "arguments", "maps onto"));
            i.dm().forEach((name, d) -> {
                for (TraceInfo.DmTarget s : d.targets()) {
                    h.row(List.of(name, d.dev() == null ? "" : d.dev().toString(), Long.toString(s.start()),
                            Long.toString(s.length()), s.type(), s.args(), String.join(", ", d.mapsOnto())));
                }
            });
            h.close("table").nl();
            h.el("p", "The stack as a tree: each mapped device with its table lines, an arrow from each line to the "
                    + "devices it maps onto, the leaf devices at the bottom. A replay run below adds each device's "
                    + "pools.", "class", "note");
            h.raw(StackSvg.render(ids.diagram(), DmStack.of(i.dm()))).nl();
        }
        if (!i.remaps().isEmpty()) {
            h.el("h4", "Remaps seen (A events)");
            h.open("table");
            h.headRow(List.of("from", "to", "count"));
            for (TraceInfo.Remap r : i.remaps()) {
                h.row(List.of(named(r.from().toString(), orEmpty(r.fromName())),
                        named(r.to().toString(), orEmpty(r.toName())), Long.toString(r.count())));
            }
            h.close("table").nl();
        }
        if (!i.processes().isEmpty()) {
            h.el("h4", "Processes");
            h.open("table");
            h.headRow(List.of("pid", "command", "events"));
            for (TraceInfo.Process p : i.processes()) {
                h.row(List.of(Long.toString(p.pid()), orEmpty(p.comm()), Long.toString(p.events())));
            }
            h.close("table").nl();
        }
        h.el("h4", "Anything suspicious");
        List<String> bad = new ArrayList<>();
        TraceInfoJson.suspicious(i.suspicious()).forEach((k, v) -> {
            if (v != null && v != 0) {
                bad.add(k.replace('_', ' ') + ": " + v);
            }
        });
        if (i.warnings() != null) {
            bad.addAll(i.warnings());
        }
        if (bad.isEmpty()) {
            h.el("p", "Nothing: no wrong-CPU or skipped records, no timestamps going backwards, every Q completed.");
        } else {
            h.open("ul");
            bad.forEach(s -> h.el("li", s));
            h.close("ul").nl();
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String named(String dev, String name) {
        return name.isEmpty() ? dev : name + " (" + dev + ")";
    }

    private static void kv(Html h, String k, String v) {
        h.open("tr").el("th", k).el("td", v).close("tr").nl();
    }

    static String dev(int device, Map<String, String> names) {
        String d = DevNo.ofKernel(device).toString();
        String n = names.get(d);
        return n == null ? d : n + " (" + d + ")";
    }

    static void latency(Html h, Analysis a, Map<String, String> names) {
        h.el("h3", "Latency (btt-compatible)");
        h.el("p", "Every interval btt reports, per device and for all devices, with percentiles (milliseconds). "
                + "Q2C is the time a bio spends from being queued to its completion; D2C the time at the driver. "
                + "G2D and D2C/rq are dmreplay's own (getrq to dispatch without I; dispatch to completion per "
                + "request).", "class", "note");
        h.open("table");
        h.headRow(List.of("interval", "device", "N", "min", "mean", "p50", "p90", "p99", "p99.9", "max"));
        for (Map.Entry<IntervalKey, LatencyDistribution> e : a.stats().distributions().entrySet()) {
            IntervalKey k = e.getKey();
            LatencyDistribution d = e.getValue();
            h.row(List.of(k.interval().label(), k.allDevices() ? "ALL" : dev(k.device(), names),
                    Long.toString(d.count()), Fmt.ms(d.min()), Fmt.ms(d.mean()), Fmt.ms(d.percentile(50)),
                    Fmt.ms(d.percentile(90)), Fmt.ms(d.percentile(99)), Fmt.ms(d.percentile(99.9)),
                    Fmt.ms(d.max())));
        }
        h.close("table").nl();
        var missing = a.unavailable();
        if (!missing.isEmpty()) {
            h.el("h4", "Intervals this trace cannot give");
            h.open("table");
            h.headRow(List.of("interval", "why"));
            missing.forEach((i, why) -> h.row(List.of(i.label(), why)));
            h.close("table").nl();
        }
        if (a.evicted() > 0) {
            h.el("p", a.evicted() + " queued bios or open requests exceeded the in-flight bound and were dropped; "
                    + "figures may differ from btt's.", "class", "mismatch");
        }
        if (a.btt().seeksUnrecorded() > 0) { // the bound that keeps a long trace's seek table in bounded memory
            h.el("p", a.btt().seeksUnrecorded() + " seeks at distances first seen after the bound of distinct "
                    + "distances per device were left out of the seek median and modes of btt's report below (count "
                    + "and mean exact); those two may differ from btt's.", "class", "mismatch");
        }
        h.open("details").el("summary", "btt's own report (what 'btt -i bp.bin' prints)");
        h.el("pre", a.bttReport(false));
        h.close("details").nl();
    }

    /** Offset maps drawn per trace (each is one chart). */
    static final int MAX_OFFSET_MAPS = 6;

    private static void charts(Html h, TraceTimeline t, Map<String, String> names, HtmlReport.Ids ids) {
        if (t.q2c().size() > 0 || t.d2c().size() > 0) {
            List<SvgChart.Series> s = new ArrayList<>();
            addMean(s, "Q2C mean", t.q2c());
            addMax(s, "Q2C max", t.q2c());
            addMean(s, "D2C mean", t.d2c());
            h.el("h3", "Latency over time");
            h.el("p", "All devices, by completion time, in buckets of " + Fmt.ms(t.q2c().widthNs()) + " ms; "
                    + "logarithmic axis, so one slow outlier does not flatten the rest.",
                    "class", "note");
            h.raw(SvgChart.render(ids.next(), "Latency over time (log scale)", "time since trace start",
                    "latency (ms)", s, SvgChart.Style.LINE, true)).nl();
        }
        if (!t.depth().isEmpty()) {
            List<SvgChart.Series> s = new ArrayList<>();
            long width = 0;
            for (Map.Entry<Integer, Buckets> e : t.depth().entrySet()) {
                Buckets b = e.getValue();
                long[] lv = b.levelMax();
                double[] x = new double[lv.length];
                double[] y = new double[lv.length];
                for (int i = 0; i < lv.length; i++) {
                    x[i] = i * (double) b.widthNs() / 1e9;
                    y[i] = lv[i];
                }
                width = Math.max(width, b.widthNs());
                s.add(new SvgChart.Series(dev(e.getKey(), names), x, y));
            }
            h.el("h3", "Queue depth over time");
            h.el("p", "Requests dispatched to the driver (D) and not yet completed (C), highest per bucket of "
                    + Fmt.ms(width) + " ms.", "class", "note");
            h.raw(SvgChart.render(ids.next(), "Queue depth over time", "time since trace start",
                    "requests at the driver", s, true)).nl();
        }
        ioCharts(h, t, names, ids);
    }

    /** iowatcher's graphs: throughput and IOPS per device with reads and writes apart, and the offset map. */
    private static void ioCharts(Html h, TraceTimeline t, Map<String, String> names, HtmlReport.Ids ids) {
        if (t.reads().isEmpty() && t.writes().isEmpty()) {
            return;
        }
        List<SvgChart.Series> mib = new ArrayList<>();
        List<SvgChart.Series> iops = new ArrayList<>();
        java.util.TreeSet<Integer> devices = new java.util.TreeSet<>(t.reads().keySet());
        devices.addAll(t.writes().keySet());
        long width = 0;
        for (int d : devices) {
            for (boolean write : new boolean[] {false, true}) {
                Buckets b = (write ? t.writes() : t.reads()).get(d);
                if (b == null) {
                    continue;
                }
                width = Math.max(width, b.widthNs());
                double[] x = new double[b.size()];
                double[] y = new double[b.size()];
                double[] n = new double[b.size()];
                double sec = b.widthNs() / 1e9;
                for (int i = 0; i < b.size(); i++) {
                    x[i] = i * sec;
                    y[i] = b.sum(i) / (1 << 20) / sec;
                    n[i] = b.count(i) / sec;
                }
                String name = dev(d, names) + (write ? " write" : " read");
                mib.add(new SvgChart.Series(name, x, y));
                iops.add(new SvgChart.Series(name, x, n));
            }
        }
        h.el("h3", "Throughput and IOPS over time");
        h.el("p", "Completed I/O (C events) per device, reads and writes apart, in buckets of " + Fmt.ms(width)
                + " ms, as iowatcher draws them.", "class", "note");
        h.raw(SvgChart.render(ids.next(), "Throughput", "time since trace start", "MiB/s", mib, true)).nl();
        h.raw(SvgChart.render(ids.next(), "IOPS", "time since trace start", "I/Os per second", iops, true)).nl();
        if (!t.offsets().isEmpty()) {
            h.el("h3", "Offset map");
            h.el("p", "Start sector of each request issued to the driver (D), per device, as seekwatcher plots it"
                    + "; long traces are thinned evenly to at most " + OffsetMap.MAX_POINTS + " points a device.",
                    "class", "note");
            int shown = 0;
            for (Map.Entry<Integer, OffsetMap> e : t.offsets().entrySet()) {
                if (shown++ == MAX_OFFSET_MAPS) {
                    h.el("p", (t.offsets().size() - MAX_OFFSET_MAPS) + " more device(s) not drawn.", "class",
                            "note");
                    break;
                }
                List<long[]> pts = e.getValue().points();
                double[] x = new double[pts.size()];
                double[] y = new double[pts.size()];
                for (int i = 0; i < pts.size(); i++) {
                    x[i] = pts.get(i)[0] / 1e9;
                    y[i] = pts.get(i)[1];
                }
                String name = dev(e.getKey(), names);
                h.raw(SvgChart.render(ids.next(), "Offset map of " + name, "time since trace start", "sector",
                        List.of(new SvgChart.Series(name, x, y)), SvgChart.Style.POINTS, false)).nl();
            }
        }
    }

    private static void addMean(List<SvgChart.Series> out, String name, Buckets b) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            // an empty bucket is a gap in the line, not a slope to the next completion
            pts.add(new double[] {(i + 0.5) * b.widthNs() / 1e9, b.count(i) > 0 ? b.mean(i) / 1e6 : Double.NaN});
        }
        out.add(series(name, pts));
    }

    private static void addMax(List<SvgChart.Series> out, String name, Buckets b) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            pts.add(new double[] {(i + 0.5) * b.widthNs() / 1e9, b.count(i) > 0 ? b.max(i) / 1e6 : Double.NaN});
        }
        out.add(series(name, pts));
    }

    private static SvgChart.Series series(String name, List<double[]> pts) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new SvgChart.Series(name, x, y);
    }

    private static void layers(Html h, Analysis a, Map<String, String> names) {
        if (a.btt().layers().isEmpty()) {
            return;
        }
        h.el("h3", "Per-layer attribution");
        h.el("p", "How the Q2C of a remapping device's bios splits into time in the layer itself (queue to the first "
                + "remapped piece, plus last piece's completion to this completion) and time below it (first lower Q "
                + "to last lower C). Milliseconds, averages per bio.", "class", "note");
        h.open("table");
        h.headRow(List.of("device", "bios", "avg Q2C", "in layer", "below", "% in layer", "lower pieces"));
        for (Map.Entry<Integer, LayerStats> e : a.btt().layers().entrySet()) {
            LayerStats s = e.getValue();
            double n = Math.max(1, s.bios());
            List<String> lower = new ArrayList<>();
            for (Map.Entry<Integer, LayerStats.Lower> l : s.lower().entrySet()) {
                LayerStats.Lower lo = l.getValue();
                double p = Math.max(1, lo.pieces());
                lower.add(dev(l.getKey(), names) + ": " + lo.pieces() + " pieces, Q2D " + Fmt.ms(lo.q2dSum() / p)
                        + ", D2C " + Fmt.ms(lo.d2cSum() / p));
            }
            h.row(List.of(dev(e.getKey(), names), Long.toString(s.bios()), Fmt.ms(s.q2cSum() / n),
                    Fmt.ms(s.ownSum() / n), Fmt.ms(s.belowSum() / n),
                    s.q2cSum() == 0 ? "-" : Fmt.num(100.0 * s.ownSum() / s.q2cSum(), 1) + "%",
                    String.join("; ", lower)));
        }
        h.close("table").nl();
    }
}
