package dev.dmreplay.replay.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The trace's {@link RunIdentity#digest SHA-256}, computed on a thread of its own while the replay surveys the
 * trace: hashing reads every byte of the trace once more, and on a machine with a second core that read then
 * costs no wall time (it was about a tenth of a replay's time when done in line).
 */
public final class TraceDigest {
    private final FutureTask<String> task;

    private TraceDigest(Path trace) {
        task = new FutureTask<>(() -> RunIdentity.digest(trace));
    }

    /** Starts hashing {@code trace} on a daemon thread. */
    public static TraceDigest start(Path trace) {
        TraceDigest d = new TraceDigest(trace);
        Thread t = new Thread(d.task, "trace-digest");
        t.setDaemon(true);
        t.start();
        return d;
    }

    /** The digest, waiting for it if needed; a read error is rethrown as reading the trace in line would. */
    public String get() throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) c;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
