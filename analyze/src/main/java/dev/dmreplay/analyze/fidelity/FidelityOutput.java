package dev.dmreplay.analyze.fidelity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.run.Fmt;
import java.util.Locale;
import java.util.Map;

/** A {@link FidelityReport} as text for people and as JSON with a fixed key order. */
public final class FidelityOutput {
    /** The label column's usual width (labels longer than this widen it). */
    private static final int LABEL_WIDTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FidelityOutput() {
    }

    public static String json(FidelityReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("trace", r.trace());
        o.put("strategy", r.strategy());
        o.put("bios", r.bios());
        o.put("submitted", r.submitted());
        o.put("matched", r.matched());
        o.put("matchedIgnoringFlags", r.matchedIgnoringFlags());
        o.put("notReplayed", r.notReplayed());
        o.put("untraceable", r.untraceable());
        ObjectNode bt = o.putObject("byTarget");
        r.byTarget().forEach((k, c) -> counts(bt.putObject(k), c));
        ObjectNode bd = o.putObject("byDevice");
        r.byDevice().forEach((k, c) -> counts(bd.putObject(k), c));
        ObjectNode w = o.putObject("workerIo");
        r.workerIo().forEach((dev, row) -> {
            ObjectNode d = w.putObject(dev);
            row.forEach((c, p) -> pair(d.putObject(c), p));
        });
        ObjectNode dis = o.putObject("dispatches");
        r.dispatches().forEach((dev, p) -> pair(dis.putObject(dev), p));
        ObjectNode lat = o.putObject("latency");
        r.latency().forEach((dev, l) -> {
            ObjectNode d = lat.putObject(dev);
            pct(d.putObject("kernel"), l.kernel());
            pct(d.putObject("model"), l.model());
            ratio(d, "ratio_p50", l.ratio50());
            ratio(d, "ratio_p90", l.ratio90());
            ratio(d, "ratio_p99", l.ratio99());
        });
        ObjectNode byOp = o.putObject("latencyByOp");
        r.latencyByOp().forEach((key, l) -> {
            ObjectNode d = byOp.putObject(key);
            pct(d.putObject("kernel"), l.kernel());
            pct(d.putObject("model"), l.model());
            ratio(d, "ratio_p50", l.ratio50());
            ratio(d, "ratio_p90", l.ratio90());
            ratio(d, "ratio_p99", l.ratio99());
        });
        ArrayNode mm = o.putArray("mismatches");
        for (FidelityReport.Mismatch m : r.mismatches()) {
            ObjectNode x = mm.addObject();
            x.put("bio", m.bio());
            m.kernel().forEach(x.putArray("kernel")::add);
            m.model().forEach(x.putArray("model")::add);
        }
        r.notes().forEach(o.putArray("notes")::add);
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void counts(ObjectNode o, FidelityReport.Counts c) {
        o.put("kernel", c.kernel());
        o.put("model", c.model());
        o.put("matched", c.matched());
        o.put("rate", round(c.rate()));
    }

    private static void pair(ObjectNode o, FidelityReport.Pair p) {
        o.put("kernel", p.kernel());
        o.put("model", p.model());
    }

    private static void pct(ObjectNode o, FidelityReport.Percentiles p) {
        o.put("n", p.n());
        o.put("p50_ns", p.p50());
        o.put("p90_ns", p.p90());
        o.put("p99_ns", p.p99());
    }

    private static void ratio(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, round(v));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    public static String text(FidelityReport r) {
        StringBuilder b = new StringBuilder();
        b.append("fidelity of ").append(r.trace()).append(" under ").append(r.strategy()).append('\n');
        b.append(String.format(Locale.ROOT, "top-level bios: %d, submitted by the model %d, not replayed %d%n",
                r.bios(), r.submitted(), r.notReplayed()));
        b.append(String.format(Locale.ROOT, "exact lower bios (device, sector, size, rwbs): %d of %d (%s %%)%n",
                r.matched(), r.bios(), pct(r.matchRate())));
        b.append(String.format(Locale.ROOT, "same data bios, flags ignored:                 %d of %d%n",
                r.matchedIgnoringFlags(), r.bios()));
        if (r.untraceable() > 0) {
            b.append("model bios blktrace cannot record (empty flush remapped below sector 0): ")
                    .append(r.untraceable()).append('\n');
        }
        int w = labelWidth(r);
        String pad = " ".repeat(w - LABEL_WIDTH);
        b.append("\nlower bios by target    ").append(pad).append("            kernel    model  matched   rate\n");
        r.byTarget().forEach((k, c) -> b.append(row(k, c, w)));
        b.append("\nlower bios by device    ").append(pad).append("            kernel    model  matched   rate\n");
        r.byDevice().forEach((k, c) -> b.append(row(k, c, w)));
        if (!r.workerIo().isEmpty()) {
            b.append("\nworker I/O (Q without A)").append(pad).append("            kernel    model\n");
            r.workerIo().forEach((dev, m) -> m.forEach((c, p) -> b.append(String.format(Locale.ROOT,
                    "  %-" + w + "s %8d %8d%n", dev + " " + c, p.kernel(), p.model()))));
        }
        b.append("\nrequests dispatched     ").append(pad).append("            kernel    model\n");
        r.dispatches().forEach((dev, p) -> b.append(String.format(Locale.ROOT, "  %-" + w + "s %8d %8d%n", dev,
                p.kernel(), p.model())));
        b.append("\nQ2C          kernel p50/p90/p99              model p50/p90/p99              model/kernel\n");
        for (Map.Entry<String, FidelityReport.Latency> e : r.latency().entrySet()) {
            FidelityReport.Latency l = e.getValue();
            b.append(String.format(Locale.ROOT, "  %-10s %-30s %-30s %s %s %s%n", e.getKey(), trio(l.kernel()),
                    trio(l.model()), ratio(l.ratio50()), ratio(l.ratio90()), ratio(l.ratio99())));
        }
        if (!r.latencyByOp().isEmpty()) {
            int ow = Math.max(14, r.latencyByOp().keySet().stream().mapToInt(String::length).max().orElse(0));
            b.append(String.format(Locale.ROOT, "%n%-" + (ow + 3) + "s%s%n", "Q2C by operation",
                    "kernel p50/p90/p99              model p50/p90/p99              model/kernel"));
            for (Map.Entry<String, FidelityReport.Latency> e : r.latencyByOp().entrySet()) {
                FidelityReport.Latency l = e.getValue();
                b.append(String.format(Locale.ROOT, "  %-" + ow + "s %-30s %-30s %s %s %s%n", e.getKey(),
                        trio(l.kernel()), trio(l.model()), ratio(l.ratio50()), ratio(l.ratio90()),
                        ratio(l.ratio99())));
            }
        }
        if (!r.mismatches().isEmpty()) {
            b.append("\nfirst mismatches\n");
            for (FidelityReport.Mismatch m : r.mismatches()) {
                b.append("  ").append(m.bio()).append('\n');
                b.append("    kernel: ").append(m.kernel().isEmpty() ? "(none)" : String.join(", ", m.kernel()))
                        .append('\n');
                b.append("    model:  ").append(m.model().isEmpty() ? "(none)" : String.join(", ", m.model()))
                        .append('\n');
            }
        }
        for (String n : r.notes()) {
            b.append("note: ").append(n).append('\n');
        }
        return b.toString();
    }

    private static String row(String k, FidelityReport.Counts c, int w) {
        return String.format(Locale.ROOT, "  %-" + w + "s %8d %8d %8d %6s%%%n", k, c.kernel(), c.model(),
                c.matched(), pct(c.rate()));
    }

    /** Width of the label column: {@value #LABEL_WIDTH}, or the longest label so that the numbers stay aligned. */
    private static int labelWidth(FidelityReport r) {
        int w = LABEL_WIDTH;
        for (String k : r.byTarget().keySet()) {
            w = Math.max(w, k.length());
        }
        for (String k : r.byDevice().keySet()) {
            w = Math.max(w, k.length());
        }
        for (Map.Entry<String, Map<String, FidelityReport.Pair>> e : r.workerIo().entrySet()) {
            for (String c : e.getValue().keySet()) {
                w = Math.max(w, e.getKey().length() + 1 + c.length());
            }
        }
        for (String k : r.dispatches().keySet()) {
            w = Math.max(w, k.length());
        }
        return w;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v * 100);
    }

    private static String trio(FidelityReport.Percentiles p) {
        if (p.n() == 0) {
            return "-";
        }
        return Fmt.ns(p.p50()) + " / " + Fmt.ns(p.p90()) + " / " + Fmt.ns(p.p99());
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
