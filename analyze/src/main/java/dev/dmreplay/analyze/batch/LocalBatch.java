package dev.dmreplay.analyze.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs a batch on this machine: every {@link RunSpec} with {@link BatchRun}, whole runs in a fixed pool of
 * {@code jobs} threads (the replay engine is single-threaded per run). Each run writes into its own directory
 * ({@link RunSpec#relativeDir()}) and ends by writing its {@link RunRowFile}: a run with a row is finished and is
 * not run again; a run directory without one was interrupted and is emptied and run from scratch. The rows come
 * back in the order of the specs, whatever the number of threads, so the tables built from them are identical.
 */
public final class LocalBatch {
    /** Told about progress, from the worker threads (calls are serialised). */
    public interface Listener {
        void finished(RunSpec spec, RunRow row);
    }

    /**
     * What a batch did.
     *
     * @param rows     every run's row, in the order of the specs
     * @param ran      runs executed now
     * @param resumed  runs found finished and not executed again
     */
    public record Result(List<RunRow> rows, int ran, int resumed) {
        public long failed() {
            return rows.stream().filter(RunRow::failed).count();
        }
    }

    private LocalBatch() {
    }

    /** The specs of {@code specs} that have no finished row under {@code out}. */
    public static List<RunSpec> pending(List<RunSpec> specs, Path out) {
        return specs.stream().filter(s -> RunRowFile.read(out.resolve(s.relativeDir())) == null).toList();
    }

    public static Result run(List<RunSpec> specs, Path out, RunLimits limits, int jobs, Listener listener)
            throws IOException, InterruptedException {
        RunRow[] rows = new RunRow[specs.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            rows[i] = RunRowFile.read(out.resolve(specs.get(i).relativeDir()));
            if (rows[i] == null) {
                todo.add(i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, Math.max(1, todo.size()))),
                r -> {
                    Thread t = new Thread(r, "batch-run");
                    t.setDaemon(true);
                    return t;
                });
        Object lock = new Object();
        List<Future<RunRow>> futures = new ArrayList<>();
        try {
            for (int i : todo) {
                RunSpec s = specs.get(i);
                futures.add(pool.submit(() -> {
                    RunRow row = one(s, out.resolve(s.relativeDir()), limits);
                    if (listener != null) {
                        synchronized (lock) {
                            listener.finished(s, row);
                        }
                    }
                    return row;
                }));
            }
            for (int k = 0; k < todo.size(); k++) {
                try {
                    rows[todo.get(k)] = futures.get(k).get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(List.of(rows), todo.size(), specs.size() - todo.size());
    }

    private static RunRow one(RunSpec s, Path dir, RunLimits limits) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            deleteTree(dir); // interrupted before its row was written: redo from scratch
        }
        Files.createDirectories(dir);
        RunRow row = limits.memoryPerRunBytes() > 0 ? ChildRun.run(s, dir, limits)
                : BatchRun.run(s, Path.of(s.input()), limits, dir);
        RunRowFile.write(dir, row);
        return row;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
