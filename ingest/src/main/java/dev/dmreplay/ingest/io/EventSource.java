package dev.dmreplay.ingest.io;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A pull reader of canonical events in trace order (for binary per-CPU traces: blkparse's merged order).
 * Implementations stream: memory does not grow with the trace length.
 *
 * <p>Notify records (PROCESS, TIMESTAMP, MESSAGE) are part of the stream. Errors in the input throw
 * {@link TraceFormatException} unless the source was opened leniently, in which case bad records are skipped
 * and counted in {@link #skipped()}.
 */
public interface EventSource extends Closeable {

    /** The next event, or {@code null} at the end of the trace. */
    BlockEvent next() throws IOException;

    /** The events of {@code events}, in list order (events already in memory: a plan, a test's hand-made trace). */
    static EventSource of(List<BlockEvent> events) {
        Iterator<BlockEvent> it = events.iterator();
        return new EventSource() {
            @Override
            public BlockEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
                // nothing to release: the list belongs to the caller
            }
        };
    }

    /** What was skipped so far in lenient mode (empty when strict or clean). */
    default SkipReport skipped() {
        return SkipReport.NONE;
    }
}
