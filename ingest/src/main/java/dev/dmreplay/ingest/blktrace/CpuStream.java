package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;

/**
 * One per-CPU file as a merge stream: blkparse 1.2.0's {@code struct ms_stream} with {@code ms_prime()}. Records
 * are read ahead in batches of {@value #BATCH}; notify records other than an unflagged MESSAGE are consumed
 * while reading (handed to the {@link Sink} at that moment) and do not count toward the batch, records whose
 * {@code cpu} differs from the file's CPU are reported and skipped (and, as in blkparse, do count toward it).
 */
final class CpuStream {
    static final int BATCH = 512;
    /** {@code BLK_TN_MESSAGE}: the only notify record blkparse merges instead of consuming. */
    static final int TN_MESSAGE = 0x04000002;
    private static final int TC_NOTIFY = 0x0400 << 16;

    /** Receives what happens while reading ahead. */
    interface Sink {
        /** A notify record consumed at read-ahead time (PROCESS, TIMESTAMP, flagged or unknown notes). */
        void note(BlockEvent note, CpuStream from);

        /** A record whose cpu field disagrees with the file's CPU number. */
        void cpuMismatch(CpuStream from, long offset, int recordCpu);

        /** A bad record and the damaged stretch skipped from it (lenient readers only: strict ones threw). */
        void bad(TraceFormatException e, DamagedStretch skipped);

        /** Strict sinks throw {@code e}; lenient ones return and the stream resynchronises. */
        void check(TraceFormatException e);
    }

    final int input;
    final CpuFile file;
    private final RecordReader reader;
    private final Sink sink;
    private final LostRecords lost = new LostRecords();
    private final BlockEvent[] batch = new BlockEvent[BATCH];
    private int head;
    private int count;
    /**
     * The head record's time, kept beside the stream: the merge compares head times of every stream it walks past
     * for each record (twelve streams on a three-device, four-CPU trace), and reading it here saves two dependent
     * loads per stream (the batch array, then the event).
     */
    private long headTime;
    private boolean open = true;
    /** Next stream in the merge list ({@code ms_stream.next}). */
    CpuStream next;

    CpuStream(int input, CpuFile file, RecordReader reader, Sink sink) {
        this.input = input;
        this.file = file;
        this.reader = reader;
        this.sink = sink;
    }

    int cpu() {
        return file.cpu();
    }

    BlockEvent peek() {
        return batch[head];
    }

    BlockEvent peekOrNull() {
        return count > 0 ? batch[head] : null;
    }

    long peekTime() {
        return headTime;
    }

    /** Drops the head record; true while records remain (reading the next batch if needed). */
    boolean advance() throws IOException {
        batch[head] = null;
        head++;
        count--;
        if (count == 0) {
            return prime() > 0;
        }
        headTime = batch[head].time();
        return true;
    }

    /** Reads the next batch ({@code ms_prime()}); returns how many records were queued. */
    int prime() throws IOException {
        head = 0;
        count = 0;
        for (int i = 0; open && i < BATCH; i++) {
            BlockEvent e;
            try {
                e = reader.next();
            } catch (TraceFormatException ex) {
                sink.check(ex);
                DamagedStretch skipped = reader.resync();
                lost.damaged(skipped);
                sink.bad(ex, skipped);
                if (skipped.toEnd()) {
                    shut();
                    break;
                }
                i--;
                continue;
            } catch (IOException ex) {
                shut();
                if (file.path().getFileName().toString().matches(".*\\.(gz|xz|zst)")) {
                    TraceFormatException bad = new TraceFormatException(reader.name(), reader.recordOffset(),
                            TraceFormatException.Unit.BYTE, "corrupt compressed data: " + ex.getMessage(), ex);
                    sink.check(bad);
                    lost.damaged(DamagedStretch.UNREADABLE_REST);
                    sink.bad(bad, DamagedStretch.UNREADABLE_REST);
                    break;
                }
                throw ex;
            }
            if (e == null) {
                shut();
                break;
            }
            if (!file.merged() && e.cpu() != file.cpu()) {
                sink.cpuMismatch(this, reader.recordOffset(), e.cpu());
                continue;
            }
            int action = e.action();
            if ((action & TC_NOTIFY) == 0) {
                lost.event(e.cpu(), e.sequence());
            }
            if ((action & TC_NOTIFY) != 0 && action != TN_MESSAGE) {
                sink.note(e, this);
                i--;
                continue;
            }
            batch[count++] = e;
        }
        if (count > 0) {
            headTime = batch[0].time();
        }
        return count;
    }

    /** What this file's damaged stretches cost (lenient reads). */
    LostRecords lost() {
        return lost;
    }

    private void shut() throws IOException {
        if (open) {
            open = false;
            reader.close();
        }
    }

    void close() throws IOException {
        shut();
    }
}
