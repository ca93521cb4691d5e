package dev.dmreplay.analyze.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One batch run in a child JVM of its own, for {@code --memory-per-run}: the child's heap is the run's bound
 * ({@code -Xmx}), and running out of it ends the child (and only the child) at once
 * ({@code -XX:+ExitOnOutOfMemoryError}); the parent records the run as FAILED with that reason and goes on. The
 * wall-clock limit is the parent's: it kills the child when the limit passes, whatever the run is doing (reading
 * the trace, building the stack or running the model), and records TIMEOUT. The child runs exactly the in-process
 * code ({@link BatchRun}) and writes the run's {@link RunRowFile} itself.
 */
public final class ChildRun {
    private static final String STDERR = ".child-output";

    private ChildRun() {
    }

    /**
     * The child: {@code trace input strategy pressure seed stallNs timeLimitNs observations runDir table map place fit
     * window sample} (the last six: the batch's {@link PlacementSpec}, empty strings where not given).
     */
    public static void main(String[] a) throws IOException {
        RunSpec spec = new RunSpec(a[0], a[1], a[2], a[3]);
        PlacementSpec placement = new PlacementSpec(a[9], a[10], Boolean.parseBoolean(a[11]), a[12], a[13], a[14]);
        RunLimits limits = new RunLimits(Long.parseLong(a[4]), Long.parseLong(a[5]), Long.parseLong(a[6]), 0,
                Boolean.parseBoolean(a[7]), 0, placement);
        Path dir = Path.of(a[8]);
        RunRowFile.write(dir, BatchRun.run(spec, Path.of(spec.input()), limits, dir));
        System.exit(0);
    }

    /** Runs {@code s} in a child JVM with {@code limits.memoryPerRunBytes()} of heap; returns its row. */
    static RunRow run(RunSpec s, Path dir, RunLimits limits) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + limits.memoryPerRunBytes(), "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), ChildRun.class.getName(), s.trace(), s.input(), s.strategy(),
                s.pressure(), Long.toString(limits.seed()), Long.toString(limits.stallThresholdNs()),
                Long.toString(limits.timeLimitNs()), Boolean.toString(limits.observations()), dir.toString()));
        PlacementSpec pl = limits.placement();
        cmd.addAll(List.of(pl.table(), pl.map(), Boolean.toString(pl.place()), pl.fit(), pl.window(), pl.sample()));
        // beside the run directory, not in it: the run writes its directory as a whole and refuses foreign files
        Path err = dir.resolveSibling("." + dir.getFileName() + STDERR);
        Files.createDirectories(err.getParent());
        // the JVM's own last words (ExitOnOutOfMemoryError's "Terminating due to ...") go to stdout
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        boolean ended;
        try {
            ended = limits.wallLimitNs() > 0 ? p.waitFor(limits.wallLimitNs(), TimeUnit.NANOSECONDS) : p.waitFor() >= 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!ended) {
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(err);
            return BatchRun.timeout(s, limits);
        }
        String stderr = Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
        Files.deleteIfExists(err);
        RunRow row = p.exitValue() == 0 ? RunRowFile.read(dir) : null;
        if (row != null) {
            return row;
        }
        if (stderr.contains("OutOfMemoryError")) {
            return RunRow.failed(s, RunRow.FAILED, String.format(Locale.ROOT,
                    "out of memory: the run needs more than --memory-per-run %d MiB of heap",
                    limits.memoryPerRunBytes() >> 20));
        }
        String last = stderr.strip().lines().reduce((x, y) -> y).orElse("");
        return RunRow.failed(s, RunRow.FAILED, "the run's JVM exited with code " + p.exitValue()
                + (last.isEmpty() ? "" : ": " + last));
    }
}
