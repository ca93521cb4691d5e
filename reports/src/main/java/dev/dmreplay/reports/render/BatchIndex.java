package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.analyze.run.RunReport;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The index of a batch run: one row per trace, as {@code index.csv} and {@code index.html}. */
public final class BatchIndex {
    private BatchIndex() {
    }

    /** One trace's line: an error, or its figures and the replay outcomes ("BARE=FINE"). */
    public record Entry(String name, String input, String error, long events, long ios, long durationNs, double q2cMeanNs,
                 long q2cP99Ns, List<String> outcomes) {

        public static Entry failed(String name, String input, String error) {
            return new Entry(name, input, error, 0, 0, 0, 0, 0, List.of());
        }

        public static Entry ok(String name, String input, ReportModel.TraceData t, List<RunReport> runs,
                        List<String> outcomes) {
            LatencyDistribution q2c = t.analysis().stats().distributions()
                    .get(new IntervalKey(Interval.Q2C, IntervalKey.ALL_DEVICES));
            return new Entry(name, input, null, t.info().events(), t.info().ios(),
                    t.info().time() == null ? 0 : t.info().time().durationNs(), q2c == null ? 0 : q2c.mean(),
                    q2c == null ? 0 : q2c.percentile(99), List.copyOf(outcomes));
        }
    }

    public static void write(List<Entry> entries, List<String> strategies, Path dir) throws IOException {
        List<String> header = new ArrayList<>(List.of("trace", "input", "status", "error", "events", "ios",
                "duration_ms", "q2c_mean_ms", "q2c_p99_ms"));
        strategies.forEach(s -> header.add("outcome_" + s));
        StringWriter csv = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(csv, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            p.printRecord(header);
            for (Entry e : entries) {
                p.printRecord(cells(e, strategies));
            }
        }
        OutputFiles.writeText(dir.resolve("index.csv"), csv.toString());

        Html h = new Html();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "lang", "en").open("head").raw("<meta charset=\"utf-8\">").el("title", "dmreplay batch")
                .open("style").raw(STYLE).close("style").close("head").nl();
        h.open("body").el("h1", "dmreplay batch: " + entries.size() + " trace(s), "
                + entries.stream().filter(e -> e.error() != null).count() + " failed").nl();
        h.open("table").headRow(header.subList(0, header.size()));
        for (Entry e : entries) {
            List<String> c = cells(e, strategies);
            h.open("tr");
            if (e.error() == null) {
                h.open("td").el("a", c.get(0), "href", e.name() + "/report.html").close("td");
            } else {
                h.el("td", c.get(0));
            }
            for (int i = 1; i < c.size(); i++) {
                if (i == 2) {
                    h.el("td", c.get(i), "class", c.get(i)); // ok / failed, coloured
                } else {
                    h.el("td", c.get(i));
                }
            }
            h.close("tr").nl();
        }
        h.close("table").close("body").close("html").nl();
        OutputFiles.writeText(dir.resolve("index.html"), h.finish());
    }

    private static List<String> cells(Entry e, List<String> strategies) {
        List<String> c = new ArrayList<>();
        c.add(e.name());
        c.add(e.input());
        c.add(e.error() == null ? "ok" : "failed");
        c.add(e.error() == null ? "" : e.error());
        boolean ok = e.error() == null;
        c.add(ok ? Long.toString(e.events()) : "");
        c.add(ok ? Long.toString(e.ios()) : "");
        c.add(ok ? String.format(Locale.ROOT, "%.3f", e.durationNs() / 1e6) : "");
        c.add(ok ? String.format(Locale.ROOT, "%.3f", e.q2cMeanNs() / 1e6) : "");
        c.add(ok ? String.format(Locale.ROOT, "%.3f", e.q2cP99Ns() / 1e6) : "");
        for (int i = 0; i < strategies.size(); i++) {
            String o = i < e.outcomes().size() ? e.outcomes().get(i) : "";
            c.add(o.substring(o.indexOf('=') + 1));
        }
        return c;
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:24px}"
            + "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px}"
            + "th{background:#eef1f4}td.failed{background:#f8c9c9}td.ok{background:#d5f5d5}";
}
