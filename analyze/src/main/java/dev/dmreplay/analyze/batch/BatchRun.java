package dev.dmreplay.analyze.batch;

import dev.dmreplay.analyze.pressure.Distribution;
import dev.dmreplay.analyze.run.TopLevelLatency;
import dev.dmreplay.ingest.io.AtomicDirectory;
import dev.dmreplay.replay.run.RunIdentity;
import java.util.Set;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.RunSummary;
import dev.dmreplay.replay.run.RunSummaryFile;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * One run of a batch, the unit both the local batch and the Spark job execute: prepares the replay of a local
 * trace under a strategy and a pressure ({@link TraceReplay}), runs it single-threaded with a Q2C recorder on the
 * observation stream, and returns its {@link RunRow}. With a run directory it also writes the run's
 * {@code summary.json} (as {@code dmreplay replay} does, so {@code dmreplay analyze} reads it) and, unless
 * disabled, {@code observations.parquet}, each atomically.
 *
 * <p>It never throws for a bad run: a trace that cannot be read, a strategy or pressure that does not parse, or an
 * internal error gives a {@link RunRow#FAILED} row, the wall-clock limit a {@link RunRow#TIMEOUT} row.
 */
public final class BatchRun {
    /** Thrown from the progress callback when the wall-clock limit has passed; ends the run. */
    private static final class WallClockLimit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WallClockLimit() {
            super(null, null, false, false);
        }
    }

    private BatchRun() {
    }

    /**
     * Runs {@code spec} on {@code localTrace} (the trace, on the local file system).
     *
     * @param runDir where to write summary.json and observations.parquet, or null to write nothing
     */
    public static RunRow run(RunSpec spec, Path localTrace, RunLimits limits, Path runDir) {
        // the wall-clock limit covers the setup too (reading the trace twice, building the stack), which has no
        // progress callback: a watchdog interrupts this thread at the deadline, which stops a read from a file
        // channel at once (ClosedByInterruptException); the model itself stops at its next progress check
        Thread self = Thread.currentThread();
        long deadline = limits.wallLimitNs() > 0 ? System.nanoTime() + limits.wallLimitNs() : 0;
        java.util.concurrent.ScheduledFuture<?> watchdog = deadline == 0 ? null
                : WATCHDOG.schedule(self::interrupt, limits.wallLimitNs(), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            return runOrThrow(spec, localTrace, limits, runDir, deadline);
        } catch (WallClockLimit e) {
            return timeout(spec, limits);
        } catch (Exception | StackOverflowError e) {
            if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                return timeout(spec, limits); // interrupted by the watchdog while reading
            }
            return RunRow.failed(spec, RunRow.FAILED, Failures.describe(e));
        } catch (OutOfMemoryError e) {
            return RunRow.failed(spec, RunRow.FAILED, "out of memory (give the JVM more heap or run fewer at once)");
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
                Thread.interrupted(); // a pool thread runs the next run uninterrupted
            }
        }
    }

    /** The row of a run stopped by the wall-clock limit. */
    static RunRow timeout(RunSpec spec, RunLimits limits) {
        return RunRow.failed(spec, RunRow.TIMEOUT, String.format(java.util.Locale.ROOT,
                "wall-clock limit of %.3f s reached", limits.wallLimitNs() / 1e9));
    }

    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "batch-wall-clock");
                t.setDaemon(true);
                return t;
            });

    private static RunRow runOrThrow(RunSpec spec, Path localTrace, RunLimits limits, Path runDir, long deadline)
            throws IOException {
        if (!Files.exists(localTrace)) {
            throw new java.nio.file.NoSuchFileException(spec.input());
        }
        Strategy strategy = Strategy.parse(spec.strategy());
        MemoryPressure pressure = MemoryPressure.parse(spec.pressure());
        ReplayRun.Options opts = new ReplayRun.Options(limits.stallThresholdNs(), limits.timeLimitNs());
        PlacementSpec placement = limits.placement();
        TraceReplay.Setup setup = new TraceReplay.Setup(localTrace, placement.tablePath(), strategy.knobs, pressure,
                limits.seed(), ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, opts, Map.of(),
                placement.shaping());
        TraceReplay.Prepared p = TraceReplay.prepare(setup);
        if (deadline != 0 && System.nanoTime() - deadline >= 0) {
            throw new WallClockLimit(); // the setup used up the time
        }
        TopLevelLatency latency = new TopLevelLatency();
        p.machine().kernel.addListener(latency);
        LongConsumer check = wallClock(deadline);
        RunResult r;
        if (runDir != null) {
            // the run directory as a whole (temporary directory renamed into place), under its lock
            try (AtomicDirectory dir = AtomicDirectory.create(runDir, Set.of("observations.parquet",
                    RunSummaryFile.NAME))) {
                RunIdentity id = RunIdentity.of(setup, strategy.name());
                if (limits.observations()) {
                    ParquetObservationWriter obs = new ParquetObservationWriter(
                            dir.path().resolve("observations.parquet"), id.asFooter());
                    try {
                        p.machine().kernel.addListener(obs);
                        r = p.run(check, opts);
                    } finally {
                        obs.close();
                    }
                } else {
                    r = p.run(check, opts);
                }
                RunSummaryFile.write(dir.path().resolve(RunSummaryFile.NAME), RunSummary.of(setup, p, r, strategy, id));
                dir.commit();
            }
        } else {
            r = p.run(check, opts);
        }
        Distribution.Summary q2c = latency.report().q2c();
        List<RunRow.Pool> pools = new ArrayList<>();
        for (Mempool.MempoolStats m : r.pools()) {
            pools.add(new RunRow.Pool(m.pool(), m.minNr(), m.reserveLowWater(), m.sleeps()));
        }
        String knobs = strategy.knobs.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
        // a run cut off by its virtual time limit before the workload ended has no verdict unless it deadlocked:
        // INCOMPLETE, also when every bio submitted so far had completed (the engine then judges the replayed part
        // FINE or STALL, as summary.json's result.outcome says; the batch's row is about the whole trace)
        boolean cutOff = r.timeLimitHit() && (r.outcome() == Outcome.FINE || r.outcome() == Outcome.STALL);
        String outcome = cutOff ? "INCOMPLETE" : r.outcome().name();
        return new RunRow(spec.trace(), spec.input(), spec.strategy(), spec.pressure(), knobs, outcome, "",
                r.completed(), r.submitted(), q2c.p50(), q2c.p99(), r.endTimeNs(), r.chain(), pools);
    }

    private static LongConsumer wallClock(long end) {
        if (end == 0) {
            return null;
        }
        return done -> {
            if (System.nanoTime() - end >= 0) {
                throw new WallClockLimit();
            }
        };
    }
}
