package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmreplay.analyze.btt.LayerStats;
import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.Iterator;
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
            for (JsonNode d : t.info().path("devices")) {
                if (!d.path("name").asText("").isEmpty()) {
                    names.put(d.path("dev").asText(), d.path("name").asText());
                }
            }
            info(h, t.info());
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

    private static void info(Html h, JsonNode i) {
        h.el("h3", "What the trace holds");
        h.open("table");
        kv(h, "trace", i.path("trace").asText());
        kv(h, "format", i.path("description").asText(i.path("format").asText()));
        List<String> inputs = new ArrayList<>();
        i.path("inputs").forEach(n -> inputs.add(n.asText()));
        kv(h, "inputs", String.join(", ", inputs));
        kv(h, "duration", Fmt.ms(i.path("time").path("duration_ns").asDouble()) + " ms");
        kv(h, "events (as blkparse counts them)", i.path("events").asText());
        kv(h, "records", i.path("records").asText());
        kv(h, "queued I/Os (Q)", i.path("ios").asText());
        kv(h, "application bytes read / written / discarded",
                Fmt.bytes(i.path("bytes_read").asLong()) + " / " + Fmt.bytes(i.path("bytes_written").asLong()) + " / "
                        + Fmt.bytes(i.path("bytes_discarded").asLong()));
        h.close("table").nl();

        if (i.has("operations")) {
            h.el("h4", "Operations (I/Os and bytes)");
            h.open("table");
            h.headRow(List.of("operation", "all levels: I/Os", "bytes", "application: I/Os", "bytes"));
            for (Iterator<String> it = i.path("operations").fieldNames(); it.hasNext(); ) {
                String op = it.next();
                JsonNode a = i.path("operations").path(op);
                JsonNode b = i.path("application").path(op);
                h.row(List.of(op, a.path("ios").asText(), Fmt.bytes(a.path("bytes").asLong()), b.path("ios").asText(),
                        Fmt.bytes(b.path("bytes").asLong())));
            }
            h.close("table").nl();
        }
        if (i.path("devices").size() > 0) {
            h.el("h4", "Devices");
            h.open("table");
            h.headRow(List.of("dev", "name", "records", "I/Os", "completions", "read", "written"));
            for (JsonNode d : i.path("devices")) {
                h.row(List.of(d.path("dev").asText(), d.path("name").asText(""), d.path("records").asText(),
                        d.path("ios").asText(), d.path("completions").asText(),
                        Fmt.bytes(d.path("bytes_read").asLong()), Fmt.bytes(d.path("bytes_written").asLong())));
            }
            h.close("table").nl();
        }
        if (i.has("dm") && i.path("dm").size() > 0) {
            h.el("h4", "Device-mapper table");
            h.open("table");
            h.headRow(List.of("name", "dev", "start", "length", "target", "arguments", "maps onto"));
            for (Iterator<Map.Entry<String, JsonNode>> it = i.path("dm").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> onto = new ArrayList<>();
                e.getValue().path("maps_onto").forEach(n -> onto.add(n.asText()));
                for (JsonNode s : e.getValue().path("targets")) {
                    h.row(List.of(e.getKey(), e.getValue().path("dev").asText(""), s.path("start").asText(),
                            s.path("length").asText(), s.path("type").asText(), s.path("args").asText(),
                            String.join(", ", onto)));
                }
            }
            h.close("table").nl();
        }
        if (i.path("remaps").size() > 0) {
            h.el("h4", "Remaps seen (A events)");
            h.open("table");
            h.headRow(List.of("from", "to", "count"));
            for (JsonNode r : i.path("remaps")) {
                h.row(List.of(named(r.path("from").asText(), r.path("from_name").asText("")),
                        named(r.path("to").asText(), r.path("to_name").asText("")), r.path("count").asText()));
            }
            h.close("table").nl();
        }
        if (i.path("processes").size() > 0) {
            h.el("h4", "Processes");
            h.open("table");
            h.headRow(List.of("pid", "command", "events"));
            for (JsonNode p : i.path("processes")) {
                h.row(List.of(p.path("pid").asText(), p.path("comm").asText(""), p.path("events").asText()));
            }
            h.close("table").nl();
        }
        h.el("h4", "Anything suspicious");
        List<String> bad = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = i.path("suspicious").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber() && e.getValue().asLong() != 0) {
                bad.add(e.getKey().replace('_', ' ') + ": " + e.getValue().asText());
            }
        }
        i.path("warnings").forEach(w -> bad.add(w.asText()));
        if (bad.isEmpty()) {
            h.el("p", "Nothing: no wrong-CPU or skipped records, no timestamps going backwards, every Q completed.");
        } else {
            h.open("ul");
            bad.forEach(s -> h.el("li", s));
            h.close("ul").nl();
        }
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

    private static void latency(Html h, Analysis a, Map<String, String> names) {
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
        h.open("details").el("summary", "btt's own report (what 'btt -i bp.bin' prints)");
        h.el("pre", a.bttReport(false));
        h.close("details").nl();
    }

    private static void charts(Html h, TraceTimeline t, Map<String, String> names, HtmlReport.Ids ids) {
        if (t.q2c().size() > 0 || t.d2c().size() > 0) {
            List<SvgChart.Series> s = new ArrayList<>();
            addMean(s, "Q2C mean", t.q2c());
            addMax(s, "Q2C max", t.q2c());
            addMean(s, "D2C mean", t.d2c());
            h.el("h3", "Latency over time");
            h.el("p", "All devices, by completion time, in buckets of " + Fmt.ms(t.q2c().widthNs()) + " ms.",
                    "class", "note");
            h.raw(SvgChart.render(ids.next(), "Latency over time", "time since trace start", "latency (ms)", s,
                    false)).nl();
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
