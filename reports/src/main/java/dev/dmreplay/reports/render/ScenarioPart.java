package dev.dmreplay.reports.render;

import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;

/** The scenario matrix: one row per scenario, one coloured cell per strategy, then the wait-for chains. */
final class ScenarioPart {
    private ScenarioPart() {
    }

    static void render(Html h, ReportModel.ScenarioData data, HtmlReport.Ids ids) {
        h.open("section", "id", "scenarios").el("h2", "Scenario matrix").nl();
        h.el("p", "Deadlock scenarios from " + data.source() + " run under each rescue strategy. FINE: everything "
                + "completed and progress never paused longer than the threshold; STALL: completed, but nothing progressed "
                + "for longer than the threshold; INCOMPLETE: the run hit its time limit with bios unfinished; DEADLOCK: a "
                + "wait-for cycle nothing can break; MEMORY_DEADLOCK: blocked for good while allocations keep failing. "
                + "A cell marked ! differs from what the scenario expects.", "class", "note");
        List<Strategy> cols = new ArrayList<>();
        for (List<ScenarioResult> row : data.rows()) {
            for (ScenarioResult r : row) {
                if (!cols.contains(r.strategy())) {
                    cols.add(r.strategy());
                }
            }
        }
        h.open("table");
        h.open("tr").el("th", "scenario");
        for (Strategy s : cols) {
            h.el("th", s.name(), "title", s.title);
        }
        h.close("tr").nl();
        int mismatches = 0;
        List<ScenarioResult> chains = new ArrayList<>();
        for (List<ScenarioResult> row : data.rows()) {
            if (row.isEmpty()) {
                continue;
            }
            h.open("tr");
            heading(h, row.get(0).scenario(), data.heading(row.get(0).scenario()));
            for (Strategy s : cols) {
                ScenarioResult cell = row.stream().filter(r -> r.strategy() == s).findFirst().orElse(null);
                if (cell == null) {
                    h.el("td", "-");
                    continue;
                }
                String title = cell.expected() == null ? "no expectation stated"
                        : "expected " + cell.expected().name();
                String text = cell.outcome().name();
                if (cell.exploration() != null) {
                    // the distribution over the explored schedules: worst outcome, then every outcome's count
                    StringBuilder d = new StringBuilder();
                    cell.exploration().outcomes().forEach((o, n) -> d.append(d.length() == 0 ? "" : ", ")
                            .append(o.name()).append(' ').append(n));
                    title += "; " + cell.exploration().verdict() + " (" + d + ")";
                    text += " " + cell.exploration().outcomes().getOrDefault(cell.outcome(), 0) + "/"
                            + cell.exploration().schedules();
                }
                h.open("td", "class", cell.outcome().name(), "title", title).text(text);
                if (!cell.matches()) {
                    mismatches++;
                    h.el("span", " !", "class", "mismatch");
                }
                distribution(h, cell);
                h.close("td");
                if (!cell.chain().isEmpty()) {
                    chains.add(cell);
                }
            }
            h.close("tr").nl();
        }
        h.close("table").nl();
        h.el("p", explored(data) ? "Each cell: the worst outcome any schedule reached and how many of the schedules"
                + " reached it, then every outcome's count." : "Each cell ran one schedule (the lock-step interleaving);"
                + " --schedules N explores N per cell.", "class", "note");
        h.el("p", mismatches == 0 ? "All outcomes as the scenarios expect."
                : mismatches + " outcome(s) differ from the expectation (marked !).",
                "class", mismatches == 0 ? "note" : "mismatch");
        if (!chains.isEmpty()) {
            h.el("h3", "Wait-for chains");
            for (ScenarioResult c : chains) {
                h.el("h4", c.scenario() + " under " + c.strategy().name() + ": " + c.outcome().name());
                ChainPart.render(h, c.chain(), ids);
            }
        }
        h.close("section").nl();
    }

    /** The row's heading: the id, then the scenario's title and what it shows, when its file says. */
    static void heading(Html h, String id, ReportModel.Heading hd) {
        h.open("th", "class", "scenario").el("b", id);
        if (hd != null && !hd.title().isEmpty()) {
            h.el("div", hd.title(), "class", "stitle");
        }
        if (hd != null && !hd.shows().isEmpty()) {
            h.el("div", hd.shows(), "class", "shows");
        }
        h.close("th");
    }

    /** Under exploration, every outcome reached and in how many schedules, worst first. */
    static void distribution(Html h, ScenarioResult cell) {
        if (cell.exploration() == null || cell.exploration().schedules() <= 1) {
            return;
        }
        List<dev.dmreplay.replay.detect.Outcome> os = new ArrayList<>(cell.exploration().outcomes().keySet());
        os.sort(java.util.Comparator.comparingInt(
                (dev.dmreplay.replay.detect.Outcome o) -> -cell.exploration().outcomes().get(o)).thenComparing(o -> o));
        StringBuilder b = new StringBuilder();
        for (dev.dmreplay.replay.detect.Outcome o : os) {
            b.append(b.length() == 0 ? "" : ", ").append(o.name()).append(' ')
                    .append(cell.exploration().outcomes().get(o));
        }
        h.el("div", b.toString(), "class", "dist");
    }

    private static boolean explored(ReportModel.ScenarioData data) {
        for (List<ScenarioResult> row : data.rows()) {
            for (ScenarioResult r : row) {
                if (r.exploration() != null && r.exploration().schedules() > 1) {
                    return true;
                }
            }
        }
        return false;
    }
}
