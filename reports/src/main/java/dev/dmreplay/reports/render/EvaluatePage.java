package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.evaluate.CellFigures;
import dev.dmreplay.analyze.evaluate.Difference;
import dev.dmreplay.analyze.evaluate.EvalRow;
import dev.dmreplay.analyze.evaluate.Evaluation;
import dev.dmreplay.analyze.repro.KernelEra;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The "evaluate an ordering" page: which strategies were compared (each with the kernels it follows, unmerged
 * proposals marked), the differences that matter first (outcome, then the lowest mempool reserve, then sleeps),
 * then the scenario matrix and the trace replays with every cell's outcome distribution and pressure figures, and
 * the wait-for chains. Self-contained like {@link HtmlReport} (same CSS, no scripts); the same evaluation gives
 * the same bytes. {@link #json} is the same content as JSON.
 */
public final class EvaluatePage {
    private EvaluatePage() {
    }

    public static String render(Evaluation e, String title) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "lang", "en").nl();
        h.open("head").nl();
        h.raw("<meta charset=\"utf-8\">\n");
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.el("title", title).nl();
        h.open("style").raw(HtmlReport.CSS).close("style").nl();
        h.close("head").nl();
        h.open("body").nl();
        h.open("header").el("h1", title).close("header").nl();
        h.open("main").nl();
        strategies(h, e);
        differences(h, e);
        rows(h, e, EvalRow.Kind.SCENARIO, "scenarios", "Scenario matrix");
        rows(h, e, EvalRow.Kind.TRACE, "traces", "Trace replays");
        chains(h, e);
        h.close("main").nl();
        h.close("body").nl();
        h.close("html").nl();
        return h.finish();
    }

    /** Writes the page and {@code json} beside it ({@code eval.html} and {@code eval.json}), atomically. */
    public static void write(Evaluation e, String title, Path html, Path json) throws IOException {
        OutputFiles.writeText(html, render(e, title));
        OutputFiles.writeJson(json, json(e));
    }

    private static void strategies(Html h, Evaluation e) {
        h.open("section", "id", "strategies").el("h2", "Strategies compared").nl();
        h.open("table");
        h.headRow(List.of("strategy", "what it is", "kernels"));
        for (Strategy s : e.strategies()) {
            KernelEra era = KernelEra.of(s);
            h.open("tr").el("th", s.name()).el("td", s.title);
            h.open("td").text(era.versions());
            if (era.unmerged()) {
                h.el("span", " UNMERGED proposal: no released kernel has it", "class", "unmerged");
            }
            h.close("td").close("tr").nl();
        }
        h.close("table").nl();
        h.el("p", "Scenario cells ran " + e.schedules() + " schedule(s) each, trace cells " + e.traceSchedules()
                + " (the lock-step interleaving and perturbed ones derived from the seed); a cell's outcome is the"
                + " worst any schedule reached, its pressure figures those of the worst schedule for them.",
                "class", "note");
        h.close("section").nl();
    }

    private static void differences(Html h, Evaluation e) {
        h.open("section", "id", "differences").el("h2", "Differences that matter").nl();
        List<Difference> ds = e.differences();
        if (ds.isEmpty()) {
            h.el("p", "The strategies agree on every row: same outcomes, same lowest reserve, same sleeps, same order.");
        } else {
            h.open("table");
            h.headRow(List.of("row", "what differs", "per strategy"));
            for (Difference d : ds) {
                h.open("tr").el("th", d.row()).el("td", what(d.what())).el("td", d.text()).close("tr").nl();
            }
            h.close("table").nl();
        }
        h.close("section").nl();
    }

    private static String what(Difference.What w) {
        return switch (w) {
            case OUTCOME -> "outcome";
            case POOL_LOW_WATER -> "lowest mempool reserve";
            case SLEEPS -> "sleeps in mempool_alloc";
            case OUT_OF_ORDER -> "out-of-order issues";
        };
    }

    private static void rows(Html h, Evaluation e, EvalRow.Kind kind, String id, String heading) {
        List<EvalRow> rows = e.rows().stream().filter(r -> r.kind() == kind).toList();
        if (rows.isEmpty()) {
            return;
        }
        h.open("section", "id", id).el("h2", heading).nl();
        if (kind == EvalRow.Kind.SCENARIO && e.scenarioSource() != null) {
            h.el("p", "Scenarios from " + e.scenarioSource() + ". Each cell: the worst outcome and how many schedules"
                    + " reached it, every outcome's count, the lowest reserve (elements left / reserve size, and"
                    + " the pool), the most sleeps in mempool_alloc and the most out-of-order leaf issues of any schedule. ! marks a cell that differs"
                    + " from the scenario's expectation.", "class", "note");
        }
        h.open("table");
        h.open("tr").el("th", kind == EvalRow.Kind.SCENARIO ? "scenario" : "trace");
        for (Strategy s : e.strategies()) {
            h.open("th", "title", s.title).text(s.name());
            if (KernelEra.of(s).unmerged()) {
                h.el("div", "unmerged", "class", "unmerged");
            }
            h.close("th");
        }
        h.close("tr").nl();
        for (EvalRow r : rows) {
            h.open("tr");
            if (kind == EvalRow.Kind.SCENARIO) {
                ScenarioPart.heading(h, r.id(), new ReportModel.Heading(r.id(), r.title(), r.shows()));
            } else {
                h.open("th", "class", "scenario").el("b", r.id()).el("div", "pressure " + r.pressure(), "class",
                        "stitle").close("th");
            }
            for (EvalRow.Cell c : r.cells()) {
                cell(h, c);
            }
            h.close("tr").nl();
        }
        h.close("table").nl();
        h.close("section").nl();
    }

    private static void cell(Html h, EvalRow.Cell c) {
        CellFigures f = c.figures();
        String title = c.expected() == null ? "no expectation stated" : "expected " + c.expected().name();
        h.open("td", "class", f.outcome().name(), "title", title);
        h.text(f.outcome().name() + " " + f.outcomes().getOrDefault(f.outcome(), 0) + "/" + f.schedules());
        if (c.expected() != null && c.expected() != f.outcome()) {
            h.el("span", " !", "class", "mismatch");
        }
        if (f.schedules() > 1) {
            h.el("div", f.distribution(), "class", "dist");
        }
        if (f.lowPool() != null) {
            h.el("div", "reserve " + f.lowWater() + "/" + f.lowSize() + " (" + f.lowPool() + ")", "class", "dist");
        }
        h.el("div", f.sleeps() + " sleeps; " + f.completed() + "/" + f.submitted() + " bios done", "class", "dist");
        h.el("div", f.outOfOrder() + " out of order" + (f.unalignedWrites() > 0 ? ", " + f.unalignedWrites()
                + " unaligned writes" : ""), "class", "dist");
        h.close("td");
    }

    private static void chains(Html h, Evaluation e) {
        boolean any = false;
        for (EvalRow r : e.rows()) {
            for (EvalRow.Cell c : r.cells()) {
                if (c.figures().chain().isEmpty()) {
                    continue;
                }
                if (!any) {
                    h.open("section", "id", "chains").el("h2", "Wait-for chains (of each cell's worst schedule)").nl();
                    any = true;
                }
                h.el("h4", r.label() + " under " + c.strategy().name() + ": " + c.figures().outcome().name());
                h.el("pre", c.figures().chain(), "class", "chain").nl();
            }
        }
        if (any) {
            h.close("section").nl();
        }
    }

    /** The evaluation as JSON: strategies (with kernels and unmerged), differences, rows with their cells. */
    public static ObjectNode json(Evaluation e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("schedules", e.schedules());
        o.put("traceSchedules", e.traceSchedules());
        ArrayNode st = o.putArray("strategies");
        for (Strategy s : e.strategies()) {
            KernelEra era = KernelEra.of(s);
            st.addObject().put("strategy", s.name()).put("title", s.title).put("kernels", era.versions())
                    .put("unmerged", era.unmerged());
        }
        ArrayNode ds = o.putArray("differences");
        for (Difference d : e.differences()) {
            ds.addObject().put("row", d.row()).put("what", d.what().name()).put("text", d.text());
        }
        ArrayNode rows = o.putArray("rows");
        for (EvalRow r : e.rows()) {
            ObjectNode ro = rows.addObject();
            ro.put("kind", r.kind().name()).put("id", r.id()).put("title", r.title()).put("shows", r.shows())
                    .put("pressure", r.pressure());
            ArrayNode cells = ro.putArray("cells");
            for (EvalRow.Cell c : r.cells()) {
                CellFigures cf = c.figures();
                ObjectNode co = cells.addObject();
                co.put("strategy", c.strategy().name());
                co.put("outcome", cf.outcome().name());
                co.put("schedules", cf.schedules());
                ObjectNode counts = co.putObject("outcomes");
                for (Outcome oc : Outcome.values()) {
                    Integer n = cf.outcomes().get(oc);
                    if (n != null) {
                        counts.put(oc.name(), n);
                    }
                }
                if (c.expected() == null) {
                    co.putNull("expected");
                } else {
                    co.put("expected", c.expected().name());
                }
                if (cf.lowPool() == null) {
                    co.putNull("lowPool");
                } else {
                    co.put("lowPool", cf.lowPool());
                }
                co.put("reserveLowWater", cf.lowWater());
                co.put("reserveSize", cf.lowSize());
                co.put("sleeps", cf.sleeps());
                co.put("submitted", cf.submitted());
                co.put("completed", cf.completed());
                co.put("outOfOrder", cf.outOfOrder());
                co.put("unalignedWrites", cf.unalignedWrites());
                co.put("chain", cf.chain());
            }
        }
        return o;
    }
}
