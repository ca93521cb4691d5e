package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.run.RecordedLatency;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.analyze.run.RunReportFiles;
import dev.dmreplay.analyze.run.RunReportText;
import dev.dmreplay.replay.run.RunSummaryFile;
import java.io.IOException;
import java.io.PrintWriter;
import dev.dmreplay.ingest.io.BadInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dmreplay analyze RUN-DIR}: the replay-run half of the analyze command. Prints the readable report and
 * writes the files of {@link RunReportFiles} into the run directory, or into {@code -o DIR} (one subdirectory per
 * run when several runs are given). The recorded latency comes from {@code --trace}, or else from the trace path
 * the run's summary recorded, when that still exists.
 */
final class RunAnalysisCli {
    private RunAnalysisCli() {
    }

    /**
     * Whether every argument is a replay run directory, or what an interrupted replay left (then analyze dispatches
     * here, and says "incomplete run" rather than "no traces in directory").
     */
    static boolean handles(List<Path> args) {
        if (args == null || args.isEmpty()) {
            return false;
        }
        for (Path p : args) {
            if (!RunDirectory.isRunDirectory(p) && !RunDirectory.isIncompleteRun(p)) {
                return false;
            }
        }
        return true;
    }

    static int analyze(List<Path> runs, Path output, RunAnalysisOptions options, PrintWriter out, PrintWriter err)
            throws IOException {
        var o = options.options();
        var recorded = options.recorded();
        Map<Path, RecordedLatency> fromSummaries = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunDirectory d = RunDirectory.open(runs.get(i));
            if (d.summary() == null) {
                err.println("dmreplay: " + d.dir() + ": incomplete run: no " + RunDirectory.SUMMARY
                        + " (the replay was interrupted after its observations, or it was removed); analysing the"
                        + " observations alone, without the run's outcome and settings");
            }
            RecordedLatency rec = recorded != null ? recorded : fromSummary(d, fromSummaries, err);
            RunReport r = d.analyze(RunAnalysisOptions.forRun(o, d), rec);
            if (i > 0) {
                out.println();
            }
            out.print(RunReportText.render(r));
            Path dir = output == null ? d.dir() : runs.size() == 1 ? output : output.resolve(d.name());
            RunReportFiles.write(r, dir);
        }
        out.flush();
        err.flush();
        return Main.EXIT_OK;
    }

    /**
     * Says on {@code err} what a run recorded at a lower observation level ({@code --observe pools|summary}) left
     * out, for the commands whose output (HTML, comparison table) shows those figures as missing without a sentence.
     */
    static void noteLevel(RunReport r, PrintWriter err) {
        if (r.observeLevel() != dev.dmreplay.replay.observe.ObserveLevel.ALL) {
            err.println("dmreplay: " + r.name() + ": " + r.observeLevel().notRecorded());
        }
    }

    /**
     * Without {@code --trace}: the trace recorded in the run's summary ({@link dev.dmreplay.replay.run.RunSummary#tracePath()}, as given to
     * {@code dmreplay replay}) when it still exists, else null. Each trace is analysed once per invocation; a trace
     * that no longer reads is noted on {@code err} and skipped (the run analysis itself does not depend on it).
     */
    static RecordedLatency fromSummary(RunDirectory d, Map<Path, RecordedLatency> cache, PrintWriter err)
            throws IOException {
        RunSummaryFile.Read summary = d.readSummary();
        String p = summary == null ? null : summary.summary().tracePath();
        if (p == null || p.isEmpty()) {
            return null;
        }
        Path t;
        try {
            t = Path.of(p);
        } catch (InvalidPathException e) {
            return null;
        }
        if (!RunAnalysisOptions.traceExists(t)) {
            return null;
        }
        if (cache.containsKey(t)) {
            return cache.get(t);
        }
        RecordedLatency rec;
        try {
            rec = RecordedLatency.of(t, false);
        } catch (BadInputException e) {
            err.println("note: recorded trace of " + d.name() + " not compared: " + e.getMessage());
            rec = null;
        }
        cache.put(t, rec);
        return rec;
    }
}
