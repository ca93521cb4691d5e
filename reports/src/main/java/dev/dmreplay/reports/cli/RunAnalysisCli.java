package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.analyze.run.RunReportFiles;
import dev.dmreplay.analyze.run.RunReportText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dmreplay analyze RUN-DIR}: the replay-run half of the analyze command. Prints the readable report and
 * writes the files of {@link RunReportFiles} into the run directory, or into {@code -o DIR} (one subdirectory per
 * run when several runs are given).
 */
final class RunAnalysisCli {
    private RunAnalysisCli() {
    }

    /** Whether every argument is a replay run directory (then analyze dispatches here). */
    static boolean handles(List<Path> args) {
        if (args == null || args.isEmpty()) {
            return false;
        }
        for (Path p : args) {
            if (!RunDirectory.isRunDirectory(p)) {
                return false;
            }
        }
        return true;
    }

    static int analyze(List<Path> runs, Path output, RunAnalysisOptions options, PrintWriter out) throws IOException {
        var o = options.options();
        var recorded = options.recorded();
        for (int i = 0; i < runs.size(); i++) {
            RunDirectory d = RunDirectory.open(runs.get(i));
            RunReport r = d.analyze(o, recorded);
            if (i > 0) {
                out.println();
            }
            out.print(RunReportText.render(r));
            Path dir = output == null ? d.dir() : runs.size() == 1 ? output : output.resolve(d.name());
            RunReportFiles.write(r, dir);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
