package dev.dmreplay.replay.workload;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands a {@link TraceWorkload} the batches of a {@link TopLevelFilter} (or of a {@link TopLevelSpill}, the same
 * filter's batches recorded while the survey read the trace): filled on the caller's thread
 * ({@link #inline}) or by a reader thread that decodes and filters the trace a few batches ahead of the model
 * ({@link #readAhead}). Either way the model takes the same events with the same counts in the same order: the
 * filter depends on the trace alone. The reader thread is what lets a replay use a second core for reading the
 * trace (decoding the per-CPU files, merging them in time order, telling top-level bios from clones) while the
 * model runs; it holds at most {@link #BATCHES} batches, so memory does not grow with the trace.
 */
abstract class TopLevelFeed {
    /** Events per batch. */
    static final int BATCH = 1024;
    /** Batches in flight between the reader thread and the model. */
    static final int BATCHES = 4;

    /**
     * What fills the batches: a {@link TopLevelFilter} reading the trace, or the same filter's batches read back
     * from a {@link TopLevelSpill}.
     */
    interface Filler {
        /** Fills {@code b} (cleared first) with the next batch; the last one is ended or carries an error. */
        void fill(TopLevelBatch b);

        /** Stops: closes what is read; harmless after the end and a second time. */
        void closeQuietly();
    }

    /** The next batch, waiting for it if needed; the previous one is no longer used by the caller. */
    abstract TopLevelBatch take();

    /**
     * The batch the next {@link #take} returns, waiting for it if needed, while the caller still uses the one it
     * took last: the plug look-ahead of that one's last events reaches into it. Only after a batch that was not the
     * last one.
     */
    abstract TopLevelBatch peek();

    /** Stops reading (the model is done or failed); closes the trace. Harmless after the end. */
    abstract void stop();

    /** Filled on demand on the calling thread. */
    static TopLevelFeed inline(Filler filter) {
        return new TopLevelFeed() {
            private TopLevelBatch batch = new TopLevelBatch(BATCH);
            /** The other buffer, filled by {@link #peek} (allocated then). */
            private TopLevelBatch spare;
            private TopLevelBatch peeked;
            private boolean done;

            @Override
            TopLevelBatch take() {
                if (peeked != null) {
                    spare = batch;
                    batch = peeked;
                    peeked = null;
                    return batch;
                }
                filter.fill(batch);
                done = batch.ended || batch.error != null;
                return batch;
            }

            @Override
            TopLevelBatch peek() {
                if (peeked == null) {
                    if (spare == null) {
                        spare = new TopLevelBatch(BATCH);
                    }
                    peeked = spare;
                    spare = null;
                    filter.fill(peeked);
                    done = peeked.ended || peeked.error != null;
                }
                return peeked;
            }

            @Override
            void stop() {
                if (!done) {
                    done = true;
                    filter.closeQuietly();
                }
            }
        };
    }

    /** Filled ahead by a daemon thread named {@code trace-reader}, started here. */
    static TopLevelFeed readAhead(Filler filter) {
        ReadAhead r = new ReadAhead(filter);
        Thread t = new Thread(r::run, "trace-reader");
        t.setDaemon(true);
        // whatever escapes run() (an OutOfMemoryError thrown while handling another, say) is handed to the
        // reading side like any failure, never printed by the default handler: out of memory stays one line
        t.setUncaughtExceptionHandler((thread, x) -> r.fail(x));
        r.thread = t;
        t.start();
        return r;
    }

    private static final class ReadAhead extends TopLevelFeed {
        private final Filler filter;
        private final BlockingQueue<TopLevelBatch> free = new ArrayBlockingQueue<>(BATCHES);
        /** One more than the batches: a failure outside a fill can always be handed over. */
        private final BlockingQueue<TopLevelBatch> full = new ArrayBlockingQueue<>(BATCHES + 1);
        private TopLevelBatch taken;
        private TopLevelBatch peeked;
        /** Kept for a failure outside a fill, allocated up front. */
        private final TopLevelBatch failure = new TopLevelBatch(1);
        private volatile boolean stopped;
        private Thread thread;

        ReadAhead(Filler filter) {
            this.filter = filter;
            for (int i = 0; i < BATCHES; i++) {
                free.add(new TopLevelBatch(BATCH));
            }
        }

        void run() {
            try {
                while (!stopped) {
                    TopLevelBatch b = free.take();
                    if (stopped) {
                        break;
                    }
                    filter.fill(b);
                    full.put(b);
                    if (b.ended || b.error != null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped while waiting for a batch to fill or for room to hand one over
            } catch (RuntimeException | Error e) {
                fail(e);
            }
            try {
                filter.closeQuietly();
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }

        /**
         * Hands a failure over in the batch kept for it: nothing is allocated, which matters when the failure is
         * the heap running out. Only the first failure is handed over.
         */
        void fail(Throwable e) {
            if (failure.error == null) {
                failure.error = e;
                full.offer(failure);
            }
        }

        @Override
        TopLevelBatch take() {
            if (taken != null && taken != failure) {
                free.add(taken);
            }
            taken = null;
            if (peeked != null) {
                taken = peeked;
                peeked = null;
                return taken;
            }
            taken = next();
            return taken;
        }

        @Override
        TopLevelBatch peek() {
            if (peeked == null) {
                peeked = next();
            }
            return peeked;
        }

        /** The next full batch, waiting for the reader. */
        private TopLevelBatch next() {
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

        @Override
        void stop() {
            if (!stopped) {
                stopped = true;
                thread.interrupt();
            }
        }
    }
}
