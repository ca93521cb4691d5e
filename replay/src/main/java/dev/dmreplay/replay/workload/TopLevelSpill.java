package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.TraceSelection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TraceWorkload}'s run takes from the trace, recorded while the survey reads the trace, so that the
 * run need not read and decode the whole trace a second time.
 *
 * <p>Why: a replay reads the trace twice, once to learn its models ({@link TraceSurvey}) and once to feed the
 * model its top-level bios ({@link TopLevelFilter} through a {@link TopLevelFeed}); the second pass decoded every
 * record of the trace (five million on the bench trace) to keep about one in thirteen. The filter depends on the
 * trace alone, so it can pick the same events while the survey's reader reads them ({@link #source}): every
 * batch it fills is written, compactly (varints, deltas, a dictionary of the few strings), to a temporary file,
 * and the run reads the batches back ({@link #reader}) instead of the trace. The batches are those the filter
 * would fill reading the trace itself, field for field and with the same boundaries, so the run is the same.
 *
 * <p>Memory stays flat in the trace's length: the filter's state is what it was when it ran in the run, the
 * file is written and read through fixed buffers, and nothing per event stays on the heap. The file is made in
 * {@code java.io.tmpdir} and unlinked at once where the system allows it (then nothing is left behind, however the
 * process ends), else deleted by {@link #close}. It takes about 18 bytes per top-level bio (6.8 MB for the
 * 376,718 bios of the 5 M-record bench trace, whose binary files are 244 MB); a disk that fills up only makes the
 * spill unusable, and the run reads the trace again.
 *
 * <p>The filter is made for the devices and selection known before the survey, as a run of Q events on the top
 * devices with no stack-own I/O left to the model; the workload uses the spill only when its own filter would
 * be the same ({@link #madeFor}), and otherwise reads the trace as before. A failure of the filter's own is kept
 * (not written) and handed to the run in the batch where it happened; a failure to write the file only makes the
 * spill unusable.
 */
public final class TopLevelSpill implements AutoCloseable {
    static final int BUFFER = 1 << 16;
    private static final int EVENT_ROOM = 256;
    private static final int FLAG_PLUG = 1;
    private static final int FLAG_TASK = 2;
    private static final int FLAG_ORIGIN = 4;
    private static final int FLAG_LEFT = 8;
    private static final int BATCH_ENDED = 1;
    private static final int BATCH_ERROR = 2;

    private final Path path;
    private final RandomAccessFile file;
    private final boolean unlinked;
    private final TopLevelFilter.DeviceNames devices;
    private final TraceSelection selection;
    private final boolean fromRemaps;
    private final boolean leaveWorkerIo;
    private final TopLevelFilter filter;
    private final EventSource raw;
    /** The batch the filter fills while the trace is read. */
    private final TopLevelBatch batch;
    private final Codec out = new Codec();
    private final Map<String, Integer> keys = new HashMap<>();
    /** The trace's end was seen and everything up to it written: the run may read the spill. */
    private boolean complete;
    /** Writing failed: the spill is not used. */
    private boolean failed;
    private boolean sawEnd;
    private boolean closed;
    private boolean reading;
    private long length;
    private Throwable filterError;
    private List<PlacedSource.RouteCounts> placed = List.of();

    private TopLevelSpill(EventSource raw, TopLevelFilter.DeviceNames devices, TraceSelection selection,
                          boolean fromRemaps, boolean leaveWorkerIo, int batchSize) throws IOException {
        this.raw = raw;
        this.devices = devices;
        this.selection = selection;
        this.fromRemaps = fromRemaps;
        this.leaveWorkerIo = leaveWorkerIo;
        this.filter = new TopLevelFilter(raw, devices, fromRemaps, leaveWorkerIo, selection);
        this.batch = new TopLevelBatch(batchSize);
        path = Files.createTempFile("dmreplay-bios-", ".spill");
        RandomAccessFile f;
        try {
            f = new RandomAccessFile(path.toFile(), "rw");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        file = f;
        boolean gone;
        try {
            Files.delete(path); // POSIX: the open file stays readable until closed
            gone = true;
        } catch (IOException e) {
            gone = false;
        }
        unlinked = gone;
    }

    /**
     * Starts recording the top-level bios of {@code raw} (an opened trace, not yet read): read the trace through
     * {@link #source} instead of {@code raw}, to its end, then hand the spill to the workload ({@link
     * TraceWorkload#readFrom}).
     *
     * @param topDevices kernel dev_t of each top device → device name in the machine
     * @param devices    kernel dev_t of every modelled device with a number → name (includes the top devices)
     */
    public static TopLevelSpill record(EventSource raw, Map<Integer, String> topDevices, Map<Integer, String> devices,
                                       TraceSelection selection) throws IOException {
        return new TopLevelSpill(raw, new TopLevelFilter.DeviceNames(devices, topDevices.keySet()), selection,
                false, false, TopLevelFeed.BATCH);
    }

    /** A spill of a filter with any settings, in batches of {@code batchSize} events (tests). */
    static TopLevelSpill record(EventSource raw, TopLevelFilter.DeviceNames devices, TraceSelection selection,
                                boolean fromRemaps, boolean leaveWorkerIo, int batchSize) throws IOException {
        return new TopLevelSpill(raw, devices, selection, fromRemaps, leaveWorkerIo, batchSize);
    }

    /**
     * The trace, as the survey reads it: each event, notes too, is shown to the filter right after the trace gave
     * it (on the reading thread, so blktrace's task names are as they stood then, as when the run read the trace);
     * closing it closes the trace.
     */
    public EventSource source() {
        return new EventSource() {
            @Override
            public BlockEvent next() throws IOException {
                BlockEvent e = raw.next();
                if (!sawEnd) {
                    if (e == null) {
                        sawEnd = true;
                        end();
                    } else if (!failed && !filter.ended() && filter.offer(e, batch)) {
                        write(batch);
                    }
                }
                return e;
            }

            @Override
            public SkipReport skipped() {
                return raw.skipped();
            }

            @Override
            public void close() throws IOException {
                raw.close();
            }
        };
    }

    /** Whether the trace was read to its end through {@link #source} and all of it was written. */
    public boolean complete() {
        return complete && !closed;
    }

    /** Bytes written. */
    public long length() {
        return length;
    }

    /** Where the file was made (gone already where the system lets an open file be unlinked). */
    Path path() {
        return path;
    }

    /**
     * Whether a workload's filter with these settings picks what this spill's did: the same devices, selection,
     * choice of Q or remap events and of stack-own I/O, and batches of the feed's size.
     */
    boolean madeFor(TopLevelFilter.DeviceNames d, boolean fromRemaps, boolean leaveWorkerIo, TraceSelection sel) {
        return fromRemaps == this.fromRemaps && leaveWorkerIo == this.leaveWorkerIo && devices.sameAs(d)
                && selection.equals(sel) && batch.capacity() == TopLevelFeed.BATCH;
    }

    private void end() {
        if (failed) {
            return;
        }
        if (!filter.ended()) {
            filter.finish(batch);
            write(batch);
        }
        if (!failed) {
            try {
                out.flush();
                complete = true;
            } catch (IOException e) {
                failed = true;
            }
        }
    }

    /** Writes a batch the filter filled, then clears it for the next one. */
    private void write(TopLevelBatch b) {
        try {
            out.batch(b);
        } catch (IOException | RuntimeException e) {
            failed = true;
        }
        if (b.error != null) {
            filterError = b.error;
        }
        if (b.ended) {
            placed = b.placed;
        }
        b.clear();
    }

    /** Closes (and so deletes) the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.close();
        } catch (IOException e) {
            // nothing more is read from it
        }
        if (!unlinked) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                path.toFile().deleteOnExit();
            }
        }
    }

    /** The batches read back, once; reading them to the end or stopping closes the spill. */
    TopLevelFeed.Filler reader() {
        if (!complete() || reading) {
            throw new IllegalStateException("spill not complete or already read");
        }
        reading = true;
        Codec in = new Codec();
        return new TopLevelFeed.Filler() {
            private final List<String> keyList = new ArrayList<>();

            @Override
            public void fill(TopLevelBatch b) {
                try {
                    in.read(b, keyList);
                } catch (IOException e) {
                    b.error = new UncheckedIOException("reading the replay's spill file", e);
                } catch (RuntimeException e) {
                    b.error = e;
                }
                if (b.ended || b.error != null) {
                    close();
                }
            }

            @Override
            public void closeQuietly() {
                close();
            }
        };
    }

    /** The file's encoding, through one fixed buffer: a writer or a reader. */
    private final class Codec {
        private final byte[] buf = new byte[BUFFER];
        private int pos;
        /** Reading: bytes in the buffer, and where the next read from the file starts. */
        private int limit;
        private long filePos;
        private long prevTime;
        private long prevSector;
        private long prevOrigin = Long.MIN_VALUE;
        private final long[] prevCounts = new long[QueueAccounting.COUNTERS];

        // --- writing

        void batch(TopLevelBatch b) throws IOException {
            room(32);
            uvarint(b.size);
            uvarint((b.ended ? BATCH_ENDED : 0) | (b.error != null ? BATCH_ERROR : 0));
            int mark = 0;
            for (int i = 0; i < b.size; i++) {
                room(EVENT_ROOM);
                String task = b.taskNames[i];
                boolean origin = b.origins[i] != prevOrigin;
                int left = b.leftToModelMarks[i] - mark;
                int flags = (b.intoOpenPlug[i] ? FLAG_PLUG : 0) | (task != null ? FLAG_TASK : 0)
                        | (origin ? FLAG_ORIGIN : 0) | (left > 0 ? FLAG_LEFT : 0);
                buf[pos++] = (byte) flags;
                zigzag(b.times[i] - prevTime);
                prevTime = b.times[i];
                uvarint(b.actions[i] & 0xffffffffL);
                zigzag(b.lengths[i]);
                uvarint(devices.indexOf(b.devices[i]));
                zigzag(b.sectors[i] - prevSector);
                prevSector = b.sectors[i];
                uvarint(b.submitters[i]);
                if (origin) {
                    zigzag(b.origins[i] - prevOrigin);
                    prevOrigin = b.origins[i];
                }
                counts(b.counts, i * QueueAccounting.COUNTERS, true);
                if (task != null) {
                    string(task);
                }
                if (left > 0) {
                    room(16);
                    uvarint(left);
                    entries(b, mark, b.leftToModelMarks[i]);
                    mark = b.leftToModelMarks[i];
                }
            }
            room(EVENT_ROOM);
            uvarint(b.leftToModelSize - mark);
            entries(b, mark, b.leftToModelSize);
            if (b.ended || b.error != null) {
                room(EVENT_ROOM);
                counts(b.endCounts, 0, false);
            }
        }

        private void entries(TopLevelBatch b, int from, int to) throws IOException {
            for (int j = from; j < to; j++) {
                String k = b.leftToModelKeys[j];
                Integer id = keys.get(k);
                room(32);
                if (id == null) {
                    uvarint(keys.size());
                    keys.put(k, keys.size());
                    string(k);
                    room(16);
                } else {
                    uvarint(id);
                }
                zigzag(b.leftToModelSectors[j]);
            }
        }

        /** A mask of the counters that changed, then each change; {@code keep}: they are the new reference. */
        private void counts(long[] c, int at, boolean keep) {
            int mask = 0;
            for (int k = 0; k < QueueAccounting.COUNTERS; k++) {
                if (c[at + k] != prevCounts[k]) {
                    mask |= 1 << k;
                }
            }
            uvarint(mask);
            for (int k = 0; k < QueueAccounting.COUNTERS; k++) {
                if ((mask & 1 << k) != 0) {
                    zigzag(c[at + k] - prevCounts[k]);
                    if (keep) {
                        prevCounts[k] = c[at + k];
                    }
                }
            }
        }

        private void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            room(16);
            uvarint(bytes.length);
            int off = 0;
            while (off < bytes.length) {
                if (pos == buf.length) {
                    flush();
                }
                int n = Math.min(bytes.length - off, buf.length - pos);
                System.arraycopy(bytes, off, buf, pos, n);
                pos += n;
                off += n;
            }
        }

        private void room(int n) throws IOException {
            if (buf.length - pos < n) {
                flush();
            }
        }

        void flush() throws IOException {
            file.write(buf, 0, pos);
            length += pos;
            pos = 0;
        }

        private void uvarint(long v) {
            while ((v & ~0x7fL) != 0) {
                buf[pos++] = (byte) (v & 0x7f | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        private void zigzag(long v) {
            uvarint(v << 1 ^ v >> 63);
        }

        // --- reading

        void read(TopLevelBatch b, List<String> keyList) throws IOException {
            b.clear();
            need(32);
            int size = (int) readUvarint();
            int flags = (int) readUvarint();
            if (size > b.capacity()) {
                throw new IOException("a batch of " + size + " events in a spill of batches of " + b.capacity());
            }
            for (int i = 0; i < size; i++) {
                need(EVENT_ROOM);
                int f = buf[pos++];
                long t = prevTime + readZigzag();
                prevTime = t;
                b.times[i] = t;
                b.actions[i] = (int) readUvarint();
                b.lengths[i] = (int) readZigzag();
                b.devices[i] = devices.nameAt((int) readUvarint());
                long sector = prevSector + readZigzag();
                prevSector = sector;
                b.sectors[i] = sector;
                b.submitters[i] = (int) readUvarint();
                if ((f & FLAG_ORIGIN) != 0) {
                    prevOrigin += readZigzag();
                }
                b.origins[i] = prevOrigin;
                b.intoOpenPlug[i] = (f & FLAG_PLUG) != 0;
                readCounts(b.counts, i * QueueAccounting.COUNTERS, true);
                b.taskNames[i] = (f & FLAG_TASK) != 0 ? readString() : null;
                if ((f & FLAG_LEFT) != 0) {
                    need(16);
                    readEntries(b, (int) readUvarint(), keyList);
                }
                b.leftToModelMarks[i] = b.leftToModelSize;
                b.size = i + 1;
            }
            need(EVENT_ROOM);
            readEntries(b, (int) readUvarint(), keyList);
            if ((flags & (BATCH_ENDED | BATCH_ERROR)) != 0) {
                need(EVENT_ROOM);
                readCounts(b.endCounts, 0, false);
            }
            if ((flags & BATCH_ENDED) != 0) {
                b.ended = true;
                b.placed = placed;
            }
            if ((flags & BATCH_ERROR) != 0) {
                b.error = filterError;
            }
        }

        private void readEntries(TopLevelBatch b, int n, List<String> keyList) throws IOException {
            for (int j = 0; j < n; j++) {
                need(32);
                int id = (int) readUvarint();
                if (id == keyList.size()) {
                    keyList.add(readString());
                    need(16);
                }
                b.addLeftToModel(keyList.get(id), readZigzag());
            }
        }

        private void readCounts(long[] c, int at, boolean keep) {
            int mask = (int) readUvarint();
            for (int k = 0; k < QueueAccounting.COUNTERS; k++) {
                long v = prevCounts[k];
                if ((mask & 1 << k) != 0) {
                    v += readZigzag();
                    if (keep) {
                        prevCounts[k] = v;
                    }
                }
                c[at + k] = v;
            }
        }

        private String readString() throws IOException {
            need(16);
            int n = (int) readUvarint();
            byte[] bytes = new byte[n];
            int off = 0;
            while (off < n) {
                if (pos == limit) {
                    need(1);
                }
                int k = Math.min(n - off, limit - pos);
                System.arraycopy(buf, pos, bytes, off, k);
                pos += k;
                off += k;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /**
         * Makes at least {@code n} bytes readable in the buffer, or all that is left of the file (a record never
         * runs past the file's end: a short read is caught by the decoding that follows).
         */
        private void need(int n) throws IOException {
            if (limit - pos >= n) {
                return;
            }
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
            while (limit < n && filePos < length) {
                file.seek(filePos);
                int k = file.read(buf, limit, (int) Math.min(buf.length - limit, length - filePos));
                if (k < 0) {
                    throw new IOException("the spill file ended early");
                }
                limit += k;
                filePos += k;
            }
        }

        private long readUvarint() {
            long v = 0;
            int shift = 0;
            while (true) {
                if (pos >= limit) {
                    throw new UncheckedIOException(new IOException("truncated spill record"));
                }
                byte x = buf[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
                shift += 7;
            }
        }

        private long readZigzag() {
            long v = readUvarint();
            return v >>> 1 ^ -(v & 1);
        }
    }
}
