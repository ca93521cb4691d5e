package dev.dmreplay.analyze.latency;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes a source on a second thread, handing over batches of records, so that reading and merging per-CPU files
 * overlaps with the analysis. Order is preserved; an error of the source is rethrown by {@link #next()} at the
 * point where it happened. Memory is bounded by a few batches.
 */
public final class ReadAhead implements EventSource {
    private static final int BATCH = 4096;
    private static final BlockEvent[] END = new BlockEvent[0];

    private final EventSource source;
    private final BlockingQueue<BlockEvent[]> queue = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean closed;
    private BlockEvent[] batch = new BlockEvent[0];
    private int pos;
    private boolean done;

    public ReadAhead(EventSource source) {
        this.source = source;
        this.reader = new Thread(this::readAll, "dmreplay-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        BlockEvent[] b = new BlockEvent[BATCH];
        int n = 0;
        try {
            while (!closed) {
                BlockEvent e = source.next();
                if (e == null) {
                    break;
                }
                b[n++] = e;
                if (n == BATCH) {
                    queue.put(b);
                    b = new BlockEvent[BATCH];
                    n = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Throwable t) {
            failure = t;
        }
        try {
            if (n > 0) {
                BlockEvent[] last = new BlockEvent[n];
                System.arraycopy(b, 0, last, 0, n);
                queue.put(last);
            }
            queue.put(END);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public BlockEvent next() throws IOException {
        while (pos == batch.length) {
            if (done) {
                return null;
            }
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the trace");
            }
            pos = 0;
            if (batch == END) {
                done = true;
                batch = new BlockEvent[0];
                Throwable t = failure;
                if (t instanceof IOException io) {
                    throw io;
                }
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                if (t instanceof Error err) {
                    throw err;
                }
                if (t != null) {
                    throw new UncheckedIOException(new IOException(t));
                }
                return null;
            }
        }
        return batch[pos++];
    }

    @Override
    public SkipReport skipped() {
        return source.skipped();
    }

    /** Stops the reader thread; the wrapped source is closed by its owner. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
    }
}
