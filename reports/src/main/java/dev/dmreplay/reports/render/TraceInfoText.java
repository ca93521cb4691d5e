package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.info.IoOp;
import dev.dmreplay.analyze.info.TraceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Renders the {@code info} report ({@link TraceInfo}) for humans. */
public final class TraceInfoText {

    private TraceInfoText() {
    }

    public static void render(TraceInfo r, PrintWriter out) {
        out.println("trace:        " + r.source().description());
        out.println("inputs:       " + join(r.source().inputs()));
        TraceInfo.TimeSpan t = r.time();
        if (t != null) {
            out.printf("time:         %s .. %s (%s s)%n", seconds(t.firstNs()), seconds(t.lastNs()),
                    seconds(t.durationNs()));
        }
        out.println("events:       " + r.events() + " (as blkparse counts them; " + r.records()
                + " records with notes)");
        out.println("ios:          " + r.ios() + " queued (Q), all levels");
        StringBuilder actions = new StringBuilder();
        r.actions().forEach((a, n) -> actions.append(actions.length() == 0 ? "" : " ")
                .append(TraceInfoJson.actionName(a)).append('=').append(n));
        out.println("actions:      " + actions);
        out.println();
        out.println("operations    queued (all levels)        application (not remapped/split)");
        for (IoOp op : IoOp.values()) {
            TraceInfo.Volume all = r.operations().get(op);
            TraceInfo.Volume app = r.application().get(op);
            out.printf("  %-10s %8d ios %13s   %8d ios %13s%n", TraceInfoJson.opName(op), all.ios(),
                    bytes(all.bytes()), app.ios(), bytes(app.bytes()));
        }
        out.printf("bytes:        read %s, written %s, discarded %s (application)%n", bytes(r.bytesRead()),
                bytes(r.bytesWritten()), bytes(r.bytesDiscarded()));
        out.println();
        out.println("devices");
        out.printf("  %-9s %-20s %9s %8s %8s %13s %13s%n", "dev", "name", "records", "ios", "compl", "read",
                "written");
        for (TraceInfo.Device d : r.devices()) {
            out.printf("  %-9s %-20s %9d %8d %8d %13s %13s%n", d.dev(), orDash(d.name()), d.records(), d.ios(),
                    d.completions(), bytes(d.bytesRead()), bytes(d.bytesWritten()));
        }
        if (r.dm() != null) {
            out.println();
            out.println("device-mapper table");
            r.dm().forEach((name, dm) -> {
                out.printf("  %s (%s) onto %s%n", name, dm.dev() == null ? "?" : dm.dev().toString(),
                        join(dm.mapsOnto()));
                for (TraceInfo.DmTarget seg : dm.targets()) {
                    out.printf("    %d +%d %s %s%n", seg.start(), seg.length(), seg.type(), seg.args());
                }
            });
        }
        out.println();
        out.println("remaps (A events: upper device -> lower device)");
        if (r.remaps().isEmpty()) {
            out.println("  none");
        }
        for (TraceInfo.Remap m : r.remaps()) {
            out.printf("  %s%s -> %s%s: %d%n", m.from(), paren(m.fromName()), m.to(), paren(m.toName()), m.count());
        }
        out.println();
        out.println("processes");
        out.printf("  %8s %-20s %9s%n", "pid", "comm", "events");
        for (TraceInfo.Process p : r.processes()) {
            out.printf("  %8d %-20s %9d%n", p.pid(), orDash(p.comm()), p.events());
        }
        out.println();
        out.println("suspicious");
        boolean any = false;
        for (Map.Entry<String, Long> e : TraceInfoJson.suspicious(r.suspicious()).entrySet()) {
            // null: the input cannot tell (see notes)
            if (e.getValue() != null && e.getValue() != 0) {
                out.printf("  %-40s %s%n", e.getKey().replace('_', ' '), e.getValue());
                any = true;
            }
        }
        if (!any) {
            out.println("  nothing");
        }
        for (String n : r.notes()) {
            out.println("note: " + n);
        }
        if (r.warnings() != null) {
            for (String w : r.warnings()) {
                out.println("warning: " + w);
            }
        }
        out.flush();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String paren(String s) {
        return s == null ? "" : " (" + s + ")";
    }

    private static String join(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }

    static String seconds(long ns) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        return sign + (a / 1_000_000_000L) + "." + String.format("%09d", a % 1_000_000_000L);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
