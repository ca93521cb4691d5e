package dev.dmreplay.ingest.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.ParquetFileWriter;

/**
 * Encodes row groups on worker threads and appends them to the file in the order they were submitted, so the
 * file is the same whatever the number of workers and however the threads are scheduled: each row group is a
 * function of its own rows ({@link RowGroupEncoder}), and only the writing thread touches the file.
 *
 * <p>Memory is bounded by a fixed set of {@link EventBatch}es (at most {@code workers + 2}, made when first
 * needed: one filling, the others encoding or waiting) and as many encoded row groups waiting for their turn. With no workers everything happens
 * on the calling thread.
 */
final class RowGroupPipeline implements AutoCloseable {
    private final ParquetFileWriter file;
    private final int pageRows;
    private final int zstdLevel;
    private final int workers;
    private ExecutorService pool;
    private RowGroupEncoder inline;
    private final List<RowGroupEncoder> encoders = new CopyOnWriteArrayList<>();
    private final ThreadLocal<RowGroupEncoder> encoder = ThreadLocal.withInitial(this::newEncoder);
    private final BlockingQueue<EventBatch> free;
    private final ArrayDeque<Future<EncodedRowGroup>> pending = new ArrayDeque<>();
    private final int maxPending;
    private final int rowGroupRows;
    private int batches;

    RowGroupPipeline(ParquetFileWriter file, int rowGroupRows, int pageRows, int zstdLevel, int workers) {
        this.file = file;
        this.pageRows = pageRows;
        this.zstdLevel = zstdLevel;
        this.rowGroupRows = rowGroupRows;
        this.maxPending = workers == 0 ? 1 : workers + 2;
        this.free = new ArrayBlockingQueue<>(maxPending);
        this.workers = workers;
    }

    private RowGroupEncoder newEncoder() {
        RowGroupEncoder e = new RowGroupEncoder(pageRows, zstdLevel);
        encoders.add(e);
        return e;
    }

    /** An empty batch to fill; writes the row groups that are ready (or waits for the oldest) to get one. */
    EventBatch take() throws IOException {
        writeDone();
        if (free.isEmpty() && batches < maxPending) {
            // the first batch grows with the rows; once one row group has filled, the trace is long: full size
            batches++;
            return new EventBatch(rowGroupRows, batches == 1 ? 1 << 12 : rowGroupRows);
        }
        while (pending.size() >= maxPending || free.isEmpty() && !pending.isEmpty()) {
            writeOldest();
        }
        EventBatch b;
        try {
            b = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the event store");
        }
        b.clear();
        return b;
    }

    /** Encodes {@code batch} (non-empty) as the next row group; the batch goes back to the free list after. */
    void submit(EventBatch batch) throws IOException {
        if (workers == 0) {
            encodeHere(batch);
            return;
        }
        if (pool == null) {
            // started with the first full row group: a store of one row group (tests, small traces) needs no threads
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "dmreplay-store-encoder-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        pending.add(pool.submit(() -> {
            try {
                return encoder.get().encode(batch);
            } finally {
                free.add(batch);
            }
        }));
    }

    /** Encodes the last row group ({@code batch}, non-empty), on this thread if no worker was needed so far. */
    void submitLast(EventBatch batch) throws IOException {
        if (pool == null) {
            encodeHere(batch);
        } else {
            submit(batch);
        }
    }

    private void encodeHere(EventBatch batch) throws IOException {
        if (inline == null) {
            inline = newEncoder();
        }
        try {
            inline.encode(batch).writeTo(file);
        } finally {
            free.add(batch);
        }
    }

    /** Writes every submitted row group. */
    void finish() throws IOException {
        while (!pending.isEmpty()) {
            writeOldest();
        }
    }

    private void writeDone() throws IOException {
        while (!pending.isEmpty() && pending.peek().isDone()) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<EncodedRowGroup> f = pending.poll();
        EncodedRowGroup g;
        try {
            g = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the event store");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
        g.writeTo(file);
    }

    /** Stops the workers (a row group being encoded is finished first) and frees the encoders. */
    @Override
    public void close() {
        boolean stopped = true;
        if (pool != null) {
            pending.forEach(f -> f.cancel(false));
            pool.shutdown();
            try {
                stopped = pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
            }
        }
        if (stopped) {
            // a ZSTD context is native memory: never free one a thread may still be using
            encoders.forEach(RowGroupEncoder::close);
        }
    }
}
