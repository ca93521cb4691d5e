package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.stall.StallDetector;
import dev.dmreplay.replay.pressure.Durations;
import picocli.CommandLine.Option;

/** Options of the replay-run analyses, shared by {@code analyze RUN-DIR} and {@code compare}. */
public final class RunAnalysisOptions {
    @Option(names = "--stall-threshold", paramLabel = "DURATION", defaultValue = "100ms",
            description = "Report every wait of a replay run longer than this (e.g. 100ms, 1s; default "
                + "${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "100ms",
            description = "Width of the pool occupancy timeline buckets of a replay run (default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--trace", paramLabel = "TRACE",
            description = "The recorded trace the run(s) replayed: sets their Q2C against the trace's own (btt's "
                + "Q2Cdm of the mapped devices, else Q2C).")
    java.nio.file.Path trace;

    /** The recorded latency of {@code --trace}, or null without it. */
    dev.dmreplay.analyze.run.RecordedLatency recorded() throws java.io.IOException {
        if (trace == null) {
            return null;
        }
        if (!traceExists(trace)) {
            throw TraceFormatException.of(trace.toString(), "no such trace (file, set prefix or directory)");
        }
        return dev.dmreplay.analyze.run.RecordedLatency.of(trace, false);
    }

    /** Whether {@code t} names a trace file, a directory or a blktrace set prefix ({@code t.blktrace.0}). */
    static boolean traceExists(java.nio.file.Path t) {
        return java.nio.file.Files.exists(t) || t.getFileName() != null
                && java.nio.file.Files.exists(t.resolveSibling(t.getFileName() + ".blktrace.0"));
    }

    RunAnalysis.Options options() {
        long t = parse("--stall-threshold", stallThreshold);
        long b = parse("--bucket", bucket);
        if (b <= 0) {
            throw OptionException.of("--bucket", "must be positive");
        }
        return new RunAnalysis.Options(t, StallDetector.DEFAULT_MAX_KEPT, b);
    }

    private static long parse(String option, String v) {
        long ns = OptionValues.parse(option, () -> Durations.parse(v));
        if (ns < 0) {
            throw OptionException.of(option, "must not be negative");
        }
        return ns;
    }
}
