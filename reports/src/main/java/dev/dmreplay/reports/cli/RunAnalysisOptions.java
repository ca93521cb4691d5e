package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.stall.StallDetector;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.replay.run.RunSummaryFile;
import picocli.CommandLine.Option;

/** Options of the replay-run analyses, shared by {@code analyze RUN-DIR} and {@code compare}. */
public final class RunAnalysisOptions {
    @Option(names = "--stall-threshold", paramLabel = "DURATION", defaultValue = DurationOption.STALL_THRESHOLD,
            description = "Report every wait of a replay run longer than this (e.g. 100ms, 1s; default "
                + "${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = DurationOption.BUCKET,
            description = "Width of the pool occupancy timeline buckets of a replay run (default ${DEFAULT-VALUE}: "
                + "the smallest of 100us, 1ms, 10ms, 100ms, 1s giving at most 1000 buckets over the run).")
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

    /** The options as given; a bucket width of 0 means "fitted to each run" ({@link #forRun}). */
    RunAnalysis.Options options() {
        long t = DurationOption.parse("--stall-threshold", stallThreshold);
        long b = DurationOption.bucket("--bucket", bucket);
        return new RunAnalysis.Options(t, StallDetector.DEFAULT_MAX_KEPT, b);
    }

    /**
     * {@code o} for the run in {@code d}: a bucket width of 0 (the default, {@code auto}) becomes the smallest of
     * 100 us, 1 ms, 10 ms, 100 ms, 1 s giving at most 1000 buckets over the run, so that a 50 ms run gets a curve
     * rather than one bucket (1 ms when the summary does not say how long the run was).
     */
    static RunAnalysis.Options forRun(RunAnalysis.Options o, RunDirectory d) throws java.io.IOException {
        if (o.bucketNs() > 0) {
            return o;
        }
        RunSummaryFile.Read summary = d.readSummary();
        long end = summary == null ? -1 : summary.endTimeNs();
        long bucket = 1_000_000L;
        if (end > 0) {
            for (long b = 100_000L; b <= 1_000_000_000L; b *= 10) {
                bucket = b;
                if (end / b <= 1000) {
                    break;
                }
            }
        }
        return new RunAnalysis.Options(o.stallThresholdNs(), o.maxWaitsKept(), bucket);
    }
}
