package dev.dmreplay.replay.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs independent jobs {@code 0..n-1} on a few threads and returns their results in job order, so what a caller
 * makes of them does not depend on the number of threads or on which thread ran which job. Each schedule of an
 * exploration builds its own machine (simulator, tasks, pools, random streams), and the model keeps no mutable
 * static state, so schedules can run at once.
 *
 * <p>A failed job does not stop the others already running; once every thread is done, the failure of the
 * lowest-numbered failed job is rethrown as it was (a bad-input exception keeps its type), so the same inputs fail
 * the same way at any thread count.
 */
final class ParallelRuns {
    private ParallelRuns() {
    }

    /** The results of {@code job(0) .. job(n-1)} in that order, computed on up to {@code threads} threads. */
    static <T> List<T> map(int n, int threads, IntFunction<T> job) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        int workers = Math.min(threads, n);
        if (workers <= 1) {
            for (int i = 0; i < n; i++) {
                results[i] = job.apply(i); // in the caller's thread, failing at once, as before threads existed
            }
            return list(results);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failedAt = new AtomicInteger(Integer.MAX_VALUE);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                if (i > failedAt.get()) {
                    return; // a lower job failed: its failure is the one reported, later jobs need not run
                }
                try {
                    results[i] = job.apply(i);
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                    failedAt.accumulateAndGet(i, Math::min);
                }
            }
        };
        List<Thread> pool = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(worker, "schedule-" + w);
            t.setDaemon(true);
            pool.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : pool) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the workers finish their runs; the interrupt is kept for the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int f = failedAt.get();
        if (f != Integer.MAX_VALUE) {
            Throwable e = failures[f];
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e;
        }
        return list(results);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object[] results) {
        return (List<T>) Arrays.asList(results);
    }
}
