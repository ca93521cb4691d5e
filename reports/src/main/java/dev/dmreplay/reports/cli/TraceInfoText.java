package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/** Renders the {@code info} report (built as JSON by {@link TraceInfoCollector}) for humans. */
final class TraceInfoText {

    private TraceInfoText() {
    }

    static void render(JsonNode r, PrintWriter out) {
        out.println("trace:        " + r.path("description").asText());
        out.println("inputs:       " + join(r.path("inputs")));
        JsonNode t = r.path("time");
        if (t.has("first_ns")) {
            out.printf("time:         %s .. %s (%s s)%n", seconds(t.path("first_ns").asLong()),
                    seconds(t.path("last_ns").asLong()), seconds(t.path("duration_ns").asLong()));
        }
        out.println("events:       " + r.path("events").asLong() + " (as blkparse counts them; " + r.path("records")
                .asLong() + " records with notes)");
        out.println("ios:          " + r.path("ios").asLong() + " queued (Q), all levels");
        out.println("actions:      " + pairs(r.path("actions")));
        out.println();
        out.println("operations    queued (all levels)        application (not remapped/split)");
        Iterator<Map.Entry<String, JsonNode>> ops = r.path("operations").fields();
        while (ops.hasNext()) {
            Map.Entry<String, JsonNode> e = ops.next();
            JsonNode app = r.path("application").path(e.getKey());
            out.printf("  %-10s %8d ios %13s   %8d ios %13s%n", e.getKey(), e.getValue().path("ios").asLong(),
                    bytes(e.getValue().path("bytes").asLong()), app.path("ios").asLong(),
                    bytes(app.path("bytes").asLong()));
        }
        out.printf("bytes:        read %s, written %s, discarded %s (application)%n",
                bytes(r.path("bytes_read").asLong()), bytes(r.path("bytes_written").asLong()),
                bytes(r.path("bytes_discarded").asLong()));
        out.println();
        out.println("devices");
        out.printf("  %-9s %-20s %9s %8s %8s %13s %13s%n", "dev", "name", "records", "ios", "compl", "read",
                "written");
        for (JsonNode d : r.path("devices")) {
            out.printf("  %-9s %-20s %9d %8d %8d %13s %13s%n", d.path("dev").asText(), name(d.path("name")),
                    d.path("records").asLong(), d.path("ios").asLong(), d.path("completions").asLong(),
                    bytes(d.path("bytes_read").asLong()), bytes(d.path("bytes_written").asLong()));
        }
        if (r.has("dm")) {
            out.println();
            out.println("device-mapper table");
            Iterator<Map.Entry<String, JsonNode>> dms = r.path("dm").fields();
            while (dms.hasNext()) {
                Map.Entry<String, JsonNode> e = dms.next();
                JsonNode dm = e.getValue();
                out.printf("  %s (%s) onto %s%n", e.getKey(), dm.path("dev").isNull() ? "?" : dm.path("dev").asText(),
                        join(dm.path("maps_onto")));
                for (JsonNode seg : dm.path("targets")) {
                    out.printf("    %d +%d %s %s%n", seg.path("start").asLong(), seg.path("length").asLong(),
                            seg.path("type").asText(), seg.path("args").asText());
                }
            }
        }
        out.println();
        out.println("remaps (A events: upper device -> lower device)");
        if (r.path("remaps").isEmpty()) {
            out.println("  none");
        }
        for (JsonNode m : r.path("remaps")) {
            out.printf("  %s%s -> %s%s: %d%n", m.path("from").asText(), paren(m.path("from_name")),
                    m.path("to").asText(), paren(m.path("to_name")), m.path("count").asLong());
        }
        out.println();
        out.println("processes");
        out.printf("  %8s %-20s %9s%n", "pid", "comm", "events");
        for (JsonNode p : r.path("processes")) {
            out.printf("  %8d %-20s %9d%n", p.path("pid").asLong(), name(p.path("comm")), p.path("events").asLong());
        }
        out.println();
        out.println("suspicious");
        boolean any = false;
        Iterator<Map.Entry<String, JsonNode>> sus = r.path("suspicious").fields();
        while (sus.hasNext()) {
            Map.Entry<String, JsonNode> e = sus.next();
            // null: the input cannot tell (see notes)
            if (!e.getValue().isNull() && e.getValue().asLong() != 0) {
                out.printf("  %-40s %s%n", e.getKey().replace('_', ' '), e.getValue().asText());
                any = true;
            }
        }
        if (!any) {
            out.println("  nothing");
        }
        for (JsonNode n : r.path("notes")) {
            out.println("note: " + n.asText());
        }
        for (JsonNode w : r.path("warnings")) {
            out.println("warning: " + w.asText());
        }
        out.flush();
    }

    private static String name(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }

    private static String paren(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "" : " (" + n.asText() + ")";
    }

    private static String join(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : arr) {
            sb.append(sb.length() == 0 ? "" : ", ").append(n.asText());
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String pairs(JsonNode obj) {
        StringBuilder sb = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asLong());
        }
        return sb.toString();
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
