package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * An event source read a few thousand events ahead by a thread of its own ({@code trace-read-ahead}): the
 * decoding of the per-CPU files and their merge in time order run on a second core while the caller works on the
 * events already read (the replay's survey pass). The caller sees the same events in the same order, and a read
 * error where reading in line would have thrown it, after the events before it. At most {@link #BATCHES} batches
 * of {@link #BATCH} events are held. {@link #close} stops the thread and closes the source on the caller's thread.
 * For consumers that need only the events: not for one that asks the source about its state as it reads
 * (blktrace task names at read-ahead time).
 */
public final class ReadAheadSource implements EventSource {
    static final int BATCH = 4096;
    static final int BATCHES = 4;

    /** Events read, and what ended the reading after them (the end, or an error). */
    private static final class Batch {
        final BlockEvent[] events = new BlockEvent[BATCH];
        int size;
        boolean ended;
        Throwable error;
    }

    private final EventSource source;
    /** Shown every non-notify event on the reading thread, in order, before the caller sees it. */
    private final Consumer<BlockEvent> also;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Thread thread;
    private volatile boolean stopped;
    private Batch batch;
    private int next;
    private boolean closed;

    private ReadAheadSource(EventSource source, Consumer<BlockEvent> also) {
        this.source = source;
        this.also = also;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        thread = new Thread(this::read, "trace-read-ahead");
        thread.setDaemon(true);
    }

    /** Starts reading {@code source} ahead. */
    public static ReadAheadSource of(EventSource source) {
        return of(source, null);
    }

    /**
     * Starts reading {@code source} ahead, showing every non-notify event to {@code also} on the reading thread, in
     * trace order, before the caller sees it (work of the caller's that depends on the events alone, moved to the
     * second core). An exception {@code also} throws ends the reading there, as a read error would. Read what
     * {@code also} learnt after {@link #close}.
     */
    public static ReadAheadSource of(EventSource source, Consumer<BlockEvent> also) {
        ReadAheadSource r = new ReadAheadSource(source, also);
        r.thread.start();
        return r;
    }

    private void read() {
        try {
            while (!stopped) {
                Batch b = free.take();
                b.size = 0;
                try {
                    BlockEvent e = null;
                    while (b.size < BATCH && (e = source.next()) != null) {
                        if (also != null && !e.isNotify()) {
                            also.accept(e);
                        }
                        b.events[b.size++] = e;
                    }
                    b.ended = e == null;
                } catch (IOException | RuntimeException | Error x) {
                    b.error = x;
                }
                full.put(b);
                if (b.ended || b.error != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting for room
        }
    }

    @Override
    public BlockEvent next() throws IOException {
        while (batch == null || next == batch.size) {
            if (batch != null) {
                if (batch.error != null) {
                    throw rethrown(batch.error);
                }
                if (batch.ended) {
                    return null;
                }
                java.util.Arrays.fill(batch.events, 0, batch.size, null);
                free.add(batch);
            }
            batch = take();
            next = 0;
        }
        return batch.events[next++];
    }

    private Batch take() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return full.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException rethrown(Throwable x) {
        if (x instanceof IOException io) {
            return io;
        }
        if (x instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) x;
    }

    @Override
    public SkipReport skipped() {
        return source.skipped();
    }

    /** Stops the reading thread, waits for it, then closes the source here (its errors are thrown here). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
