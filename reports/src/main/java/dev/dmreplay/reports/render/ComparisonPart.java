package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.pressure.Distribution;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.run.CompletionTimeline;
import dev.dmreplay.analyze.run.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.Table;

/** The runs side by side: one table per group of metrics, one column per run, best values highlighted. */
final class ComparisonPart {
    private ComparisonPart() {
    }

    static void render(Html h, Comparison c, List<RunReport> runs, HtmlReport.Ids ids) {
        h.open("section", "id", "comparison").el("h2", "Comparison of the runs").nl();
        c.traceWarning().ifPresent(w -> h.el("p", w, "class", "mismatch"));
        charts(h, c, runs, ids);
        h.el("p", "One column per run; the best value of a row is highlighted and marked " + Comparison.BEST
                + " (ties mark every best run; rows without a better direction are context). A run that deadlocked "
                + "counts only the bios that completed before it stopped, so its latency can look best.", "class",
                "note");
        for (Comparison.Section s : c.sections()) {
            h.el("h3", s.title());
            Table t = s.table();
            h.open("table");
            h.headRow(t.columnNames());
            for (int r = 0; r < t.rowCount(); r++) {
                List<Boolean> best = r < s.rows().size() ? s.rows().get(r).best() : List.of();
                h.open("tr").el("th", t.getString(r, 0));
                for (int col = 1; col < t.columnCount(); col++) {
                    String cell = t.getString(r, col);
                    boolean b = col - 1 < best.size() && best.get(col - 1);
                    h.el("td", cell, "class", b ? "num best" : "num");
                }
                h.close("tr").nl();
            }
            h.close("table").nl();
        }
        h.close("section").nl();
    }

    /**
     * Top-level bios completed so far, one line per run: a run that stops completing flattens out while the others
     * climb, so a deadlock shows as the line that stops rising; each line is held to its run's end.
     */
    private static void completions(Html h, Comparison c, List<RunReport> runs, HtmlReport.Ids ids) {
        List<SvgChart.Series> s = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            SvgChart.Series line = cumulative(runs.get(i), c.runs().get(i));
            if (line != null) {
                s.add(line);
            }
        }
        if (s.isEmpty()) {
            return;
        }
        h.el("h3", "Completions over time per run");
        h.el("p", "Top-level bios completed since the start, one line per run; a line that goes flat before its "
                + "run ends is a run that stopped completing (a deadlock or a stall).", "class", "note");
        h.raw(SvgChart.render(ids.next(), "Top-level bios completed (cumulative)", "simulated time",
                "bios completed", s, true)).nl();
    }

    /** A run's cumulative completions at the end of each bucket, held to the run's end; null without any. */
    static SvgChart.Series cumulative(RunReport r, String name) {
        CompletionTimeline.Report t = r.latency().completions();
        long[] counts = t == null ? new long[0] : t.counts();
        if (counts.length == 0) {
            return null;
        }
        double[] x = new double[counts.length + 2];
        double[] y = new double[counts.length + 2];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            x[i + 1] = (double) (i + 1) * t.bucketNs() / 1e9;
            y[i + 1] = sum;
        }
        x[counts.length + 1] = Math.max(r.endNs() / 1e9, x[counts.length]);
        y[counts.length + 1] = sum;
        return new SvgChart.Series(name, x, y);
    }

    /**
     * The runs as charts: one occupancy chart per pool with a line per run (a stuck run's line stays up until
     * its end), and the Q2C distribution of each run drawn through its percentiles.
     */
    private static void charts(Html h, Comparison c, List<RunReport> runs, HtmlReport.Ids ids) {
        if (runs.size() != c.runs().size()) {
            return;
        }
        Map<String, List<SvgChart.Series>> byPool = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            for (PoolReport p : r.pools()) {
                SvgChart.Series occupancy = RunPart.occupancy(p, r.endNs(), c.runs().get(i));
                if (occupancy != null) {
                    byPool.computeIfAbsent(p.pool(), k -> new ArrayList<>()).add(occupancy);
                }
            }
        }
        if (!byPool.isEmpty()) {
            h.el("h3", "Pool occupancy per run");
            h.el("p", "Elements in use (highest per bucket), one chart per pool and a line per run; a line ends "
                    + "where its run ended.", "class", "note");
            for (Map.Entry<String, List<SvgChart.Series>> e : byPool.entrySet()) {
                h.raw(SvgChart.render(ids.next(), "Occupancy of " + e.getKey(), "simulated time",
                        "elements in use", e.getValue(), true)).nl();
            }
        }
        List<SvgChart.Series> cdf = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Distribution.Cdf q = runs.get(i).latency().q2cCdf();
            if (q == null || q.values().isEmpty()) {
                continue;
            }
            double[] x = new double[q.values().size()];
            double[] y = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = q.values().get(k) / 1e9;
                y[k] = q.fractions().get(k);
            }
            cdf.add(new SvgChart.Series(c.runs().get(i), x, y));
        }
        completions(h, c, runs, ids);
        if (!cdf.isEmpty()) {
            h.el("h3", "Q2C distribution per run");
            h.el("p", "Fraction of top-level bios completed within a latency (every percentile, p99.5, p99.9 and "
                    + "the maximum), latency on a logarithmic axis so that the body and the tail both show; a "
                    + "deadlocked run counts only the bios that completed.", "class", "note");
            h.raw(SvgChart.render(ids.next(), "Q2C of top-level bios (cumulative)", "Q2C", "fraction of bios",
                    cdf, SvgChart.Style.LINE, false, true)).nl();
        }
    }
}
