package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code index.html} of a batch: the matrix of outcomes, one row per trace and one column per (strategy,
 * pressure), each cell linking to its run directory's summary and observations; the failed runs with their reasons
 * below; links to the result tables. Self-contained, no script.
 */
public final class BatchMatrixPage {
    private BatchMatrixPage() {
    }

    public static String render(List<RunRow> rows) {
        Set<String> traces = new LinkedHashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        Map<String, RunRow> cells = new LinkedHashMap<>();
        for (RunRow r : rows) {
            traces.add(r.trace());
            String col = r.strategy() + " " + r.pressure();
            columns.add(col);
            cells.put(r.trace() + "\u0000" + col, r);
        }
        long failed = rows.stream().filter(RunRow::failed).count();
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "lang", "en").open("head").raw("<meta charset=\"utf-8\">").el("title", "dmreplay batch")
                .open("style").raw(STYLE).close("style").close("head").nl();
        h.open("body").el("h1", String.format(Locale.ROOT, "dmreplay batch: %d trace(s), %d run(s), %d failed",
                traces.size(), rows.size(), failed)).nl();
        h.open("p").text("Result table: ").el("a", "runs.parquet", "href", "runs.parquet").text(", ")
                .el("a", "runs.csv", "href", "runs.csv").text(" (schema in docs/FORMATS.md). Each cell links to the"
                        + " run's summary.json; Q2C p99 of the modelled top-level bios in ms below the outcome.")
                .close("p").nl();
        List<String> head = new ArrayList<>();
        head.add("trace");
        head.addAll(columns);
        h.open("table").headRow(head);
        for (String t : traces) {
            h.open("tr").el("th", t);
            for (String c : columns) {
                RunRow r = cells.get(t + "\u0000" + c);
                if (r == null) {
                    h.el("td", "");
                    continue;
                }
                String dir = new RunSpec(r.trace(), r.input(), r.strategy(), r.pressure()).relativeDir();
                h.open("td", "class", r.outcome().toLowerCase(Locale.ROOT), "title", r.failed() ? r.error() : r.chain());
                if (r.failed()) {
                    h.text(r.outcome());
                } else {
                    h.el("a", r.outcome(), "href", dir + "/summary.json");
                    h.raw("<br>").text(String.format(Locale.ROOT, "%d/%d bios, p99 %.3f ms", r.completed(),
                            r.submitted(), r.q2cP99Ns() / 1e6));
                }
                h.close("td");
            }
            h.close("tr").nl();
        }
        h.close("table").nl();
        if (failed > 0) {
            h.el("h2", "Failed runs");
            h.open("table").headRow(List.of("trace", "strategy", "pressure", "outcome", "error"));
            for (RunRow r : rows) {
                if (r.failed()) {
                    h.row(List.of(r.trace(), r.strategy(), r.pressure(), r.outcome(), r.error()));
                }
            }
            h.close("table").nl();
        }
        h.close("body").close("html").nl();
        return h.finish();
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:24px}"
            + "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px}"
            + "th{background:#eef1f4;text-align:left}td.fine{background:#d5f5d5}td.stall{background:#fbeebb}"
            + "td.incomplete{background:#e6e6e6}td.deadlock,td.memory_deadlock{background:#f8c9c9}"
            + "td.failed,td.timeout{background:#d9c2e8}";
}
