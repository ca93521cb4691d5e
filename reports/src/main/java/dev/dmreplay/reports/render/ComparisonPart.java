package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.compare.Comparison;
import java.util.List;
import tech.tablesaw.api.Table;

/** The runs side by side: one table per group of metrics, one column per run, best values highlighted. */
final class ComparisonPart {
    private ComparisonPart() {
    }

    static void render(Html h, Comparison c) {
        h.open("section", "id", "comparison").el("h2", "Comparison of the runs").nl();
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
}
