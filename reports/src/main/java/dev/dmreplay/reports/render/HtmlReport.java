package dev.dmreplay.reports.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: inline CSS, inline SVG charts, no scripts and no
 * external resources. The same model gives the same bytes (no generation time, fixed chart sizes, chart ids from
 * the page position).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;\
            color:#1d1d1f;background:#f4f5f7;line-height:1.4}
            main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
            header{background:#24323f;color:#fff;padding:18px 24px}
            header h1{margin:0;font-size:22px;max-width:1100px;margin:0 auto}
            section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 20px 16px;margin:18px 0}
            h2{font-size:19px;border-bottom:2px solid #24323f;padding-bottom:4px}
            h3{font-size:16px;margin:18px 0 6px}
            h4{font-size:14px;margin:14px 0 4px}
            table{border-collapse:collapse;margin:6px 0 10px;font-size:13px;display:block;max-width:100%;\
            overflow-x:auto}
            th,td{border:1px solid #d0d5db;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f4}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            pre{background:#f6f8fa;border:1px solid #d0d5db;padding:8px;overflow-x:auto;font-size:12px}
            .note{color:#555;font-size:12px}
            .summary li{margin:2px 0}
            nav ul{columns:2;font-size:14px}
            td.FINE{background:#d5f5d5}td.STALL{background:#fff1bf}
            td.DEADLOCK{background:#f8c9c9;font-weight:600}td.MEMORY_DEADLOCK{background:#f3cde8;font-weight:600}
            td.best{background:#d5f5d5;font-weight:600}
            .mismatch{color:#b00020;font-weight:700}
            .chain{border-left:4px solid #c0392b;white-space:pre-wrap}
            .chainpair{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
            .chainpair pre{flex:1 1 300px;margin:8px 0}.chainpair svg{flex:0 1 auto;min-width:0}
            td:first-child,th:first-child{white-space:nowrap}
            svg{display:block;max-width:100%;height:auto;margin:8px 0}
            th.scenario{white-space:normal;min-width:180px;max-width:340px;font-weight:400}
            .stitle{font-size:12px;margin-top:2px}.shows{font-size:12px;color:#555;font-style:italic;margin-top:2px}
            .dist{font-size:11px;font-weight:400;color:#333;white-space:normal}
            .unmerged{color:#8a4b00;font-weight:600}
            """;

    /** The page. */
    public static String render(ReportModel m) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "lang", "en").nl();
        h.open("head").nl();
        h.raw("<meta charset=\"utf-8\">\n");
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.el("title", m.title()).nl();
        h.open("style").raw(CSS).close("style").nl();
        h.close("head").nl();
        h.open("body").nl();
        h.open("header").el("h1", m.title()).close("header").nl();
        h.open("main").nl();
        List<String[]> toc = contents(m);
        if (!m.summary().isEmpty() || toc.size() > 1) {
            h.open("section", "id", "summary").el("h2", "Summary").nl();
            if (!m.summary().isEmpty()) {
                h.open("ul", "class", "summary");
                for (String s : m.summary()) {
                    h.el("li", s).nl();
                }
                h.close("ul").nl();
            }
            h.open("nav").open("ul");
            for (String[] t : toc) {
                h.open("li").el("a", t[1], "href", "#" + t[0]).close("li");
            }
            h.close("ul").close("nav").nl();
            h.close("section").nl();
        }
        Ids ids = new Ids();
        for (int i = 0; i < m.traces().size(); i++) {
            TracePart.render(h, m.traces().get(i), "trace-" + (i + 1), ids);
        }
        for (int i = 0; i < m.fidelity().size(); i++) {
            FidelityPart.render(h, m.fidelity().get(i), "fidelity-" + (i + 1));
        }
        if (m.scenarios() != null) {
            ScenarioPart.render(h, m.scenarios(), ids);
        }
        for (int i = 0; i < m.runs().size(); i++) {
            RunPart.render(h, m.runs().get(i), m.stacks().isEmpty() ? null : m.stacks().get(i), "run-" + (i + 1),
                    ids);
        }
        if (m.comparison() != null) {
            ComparisonPart.render(h, m.comparison(), m.runs(), ids);
        }
        h.close("main").nl();
        h.close("body").nl();
        h.close("html").nl();
        return h.finish();
    }

    /** Writes the page atomically (temporary file, then rename). */
    public static void write(ReportModel m, Path file) throws IOException {
        OutputFiles.writeText(file, render(m));
    }

    private static List<String[]> contents(ReportModel m) {
        List<String[]> t = new ArrayList<>();
        for (int i = 0; i < m.traces().size(); i++) {
            t.add(new String[] {"trace-" + (i + 1), "Trace " + m.traces().get(i).name()});
        }
        for (int i = 0; i < m.fidelity().size(); i++) {
            t.add(new String[] {"fidelity-" + (i + 1), "Fidelity " + m.fidelity().get(i).name()});
        }
        if (m.scenarios() != null) {
            t.add(new String[] {"scenarios", "Scenario matrix"});
        }
        for (int i = 0; i < m.runs().size(); i++) {
            t.add(new String[] {"run-" + (i + 1), "Replay run " + m.runs().get(i).name()});
        }
        if (m.comparison() != null) {
            t.add(new String[] {"comparison", "Comparison of the runs"});
        }
        return t;
    }

    /** Chart ids in page order: unique within the page and independent of anything but the position. */
    static final class Ids {
        private int next = 1;
        private int diagrams = 1;

        String next() {
            return "chart" + next++;
        }

        /** Ids of the hand-drawn diagrams (stack trees, wait-for chains), counted apart so chart ids stay put. */
        String diagram() {
            return "diagram" + diagrams++;
        }
    }
}
