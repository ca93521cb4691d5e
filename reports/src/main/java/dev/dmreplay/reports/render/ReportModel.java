package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.compare.Comparison;
import dev.dmreplay.analyze.fidelity.FidelityReport;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.analyze.latency.Analysis;
import dev.dmreplay.analyze.latency.TraceTimeline;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.replay.scenario.ScenarioResult;
import java.util.List;

/**
 * What one HTML report shows, in page order. Every part is optional (empty list or null).
 *
 * @param title      page title
 * @param summary    short lines shown first (e.g. what the demo found)
 * @param traces     recorded traces with their info report and latency analysis
 * @param scenarios  the scenario matrix, or null
 * @param runs       replay runs, analysed
 * @param comparison the runs side by side, or null
 * @param stacks     the DM stack of each run with its pools, in the order of {@code runs}; empty: none drawn
 * @param fidelity   fidelity checks of real bundles (the model against the kernel, bio by bio)
 */
public record ReportModel(String title, List<String> summary, List<TraceData> traces, ScenarioData scenarios,
                          List<RunReport> runs, Comparison comparison, List<DmStack> stacks,
                          List<FidelityData> fidelity) {

    public ReportModel {
        fidelity = List.copyOf(fidelity);
        summary = List.copyOf(summary);
        traces = List.copyOf(traces);
        runs = List.copyOf(runs);
        stacks = List.copyOf(stacks);
        if (!stacks.isEmpty() && stacks.size() != runs.size()) {
            throw new IllegalArgumentException(stacks.size() + " stacks for " + runs.size() + " runs");
        }
    }

    /** A report without fidelity checks. */
    public ReportModel(String title, List<String> summary, List<TraceData> traces, ScenarioData scenarios,
                       List<RunReport> runs, Comparison comparison, List<DmStack> stacks) {
        this(title, summary, traces, scenarios, runs, comparison, stacks, List.of());
    }

    /** A report without run stacks. */
    public ReportModel(String title, List<String> summary, List<TraceData> traces, ScenarioData scenarios,
                       List<RunReport> runs, Comparison comparison) {
        this(title, summary, traces, scenarios, runs, comparison, List.of());
    }

    /** A fidelity check of the bundle {@code name}. */
    public record FidelityData(String name, FidelityReport report) {
    }

    /**
     * One recorded trace: its name, what it holds ({@code dmreplay info}), the btt-compatible analysis and the
     * latency / queue depth timeline (any but the name may be null).
     */
    public record TraceData(String name, TraceInfo info, Analysis analysis, TraceTimeline timeline) {
    }

    /**
     * Scenario results, one row per scenario in file order, cells in strategy order; {@code headings} (one per row,
     * or empty) say what each scenario is and what it shows.
     */
    public record ScenarioData(String source, List<List<ScenarioResult>> rows, List<Heading> headings) {
        public ScenarioData {
            rows = rows.stream().map(List::copyOf).toList();
            headings = List.copyOf(headings);
        }

        public ScenarioData(String source, List<List<ScenarioResult>> rows) {
            this(source, rows, List.of());
        }

        /** The heading of the row for scenario {@code id}, or null. */
        public Heading heading(String id) {
            for (Heading h : headings) {
                if (h.id().equals(id)) {
                    return h;
                }
            }
            return null;
        }
    }

    /** A scenario's id, title and the one line on what it shows (from its file; either may be empty). */
    public record Heading(String id, String title, String shows) {
    }
}
