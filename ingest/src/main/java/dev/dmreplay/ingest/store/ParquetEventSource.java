package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ImplausibleAllocation;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet event store written by {@link ParquetEventWriter} back, row by row, in the order written.
 * Each call to {@link #next()} returns a new {@link BlockEvent}; memory is bounded by one row group and a few
 * slices of decoded rows. The footer (checked on open) is available as {@link #metadata()}.
 *
 * <p>From {@link #open} on, the pages are decoded on a second thread ({@link EventColumnsReader}) into
 * {@link RowSlice}s of {@link #SLICE} rows, {@link #AHEAD} slices ahead of the caller (as the binary reader decodes
 * its per-CPU files on a second thread); the caller's thread only makes each event from its slice's columns.
 */
public final class ParquetEventSource implements EventSource {
    /** "PAR1": first and last four bytes of every Parquet file. */
    public static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    /** Rows per slice handed from the decoding thread to the caller. */
    static final int SLICE = 4096;
    /** Slices decoded ahead of the caller. */
    private static final int AHEAD = 4;
    /** In the queue after the last slice. */
    private static final Object END = new Object();

    private final String name;
    private final StoreMetadata metadata;
    private final EventColumnsReader reader;
    /** Filled slices, then {@link #END} or the decoding thread's failure. */
    private final BlockingQueue<Object> slices = new ArrayBlockingQueue<>(AHEAD);
    /**
     * Slices the caller is done with, for the decoding thread to fill again: {@link #AHEAD} filled, one being
     * filled and the caller's make the {@code AHEAD + 2} slices that ever exist.
     */
    private final BlockingQueue<RowSlice> free = new ArrayBlockingQueue<>(AHEAD + 2);
    private volatile boolean closed;
    private Thread decoder;
    private RowSlice slice;
    private int pos;
    private boolean ended;
    private long row;

    private ParquetEventSource(String name, StoreMetadata metadata, EventColumnsReader reader) {
        this.name = name;
        this.metadata = metadata;
        this.reader = reader;
    }

    /** Whether the file starts with the Parquet magic. */
    public static boolean looksLikeParquet(byte[] head, int len) {
        return len >= 4 && head[0] == MAGIC[0] && head[1] == MAGIC[1] && head[2] == MAGIC[2] && head[3] == MAGIC[3];
    }

    /** Opens {@code file}; a file that is not an event store written by dmreplay is a {@link TraceFormatException}. */
    public static ParquetEventSource open(Path file) throws IOException {
        checkMagic(file);
        ParquetEventSource fast = openDirect(file);
        return fast != null ? fast : openThroughParquetMr(file);
    }

    /**
     * A valid store whose chunks {@link ChunkPages} reads, opened from its footer alone ({@link StoreFooter}),
     * without parquet-mr's file reader and the thousand classes it loads; null for anything else, which
     * {@link #openThroughParquetMr} then opens or refuses with the reason.
     */
    private static ParquetEventSource openDirect(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            StoreFooter footer = StoreFooter.read(channel, channel.size(), EventSchema::readSchemaFor);
            if (footer != null) {
                checkSchema(file.toString(), footer.fileSchema);
                StoreMetadata metadata = StoreMetadata.fromKeyValues(footer.keyValues);
                MessageType read = EventSchema.readSchemaFor(footer.fileSchema);
                EventColumnsReader reader = new EventColumnsReader(read, footer.groups, channel);
                channel = null; // the reader's now
                ParquetEventSource source = new ParquetEventSource(file.toString(), metadata, reader);
                source.startDecoding();
                return source;
            }
        } catch (RuntimeException e) {
            // a TraceFormatException too: refused below, by the same checks on parquet-mr's view of the footer, so
            // that what the user reads about a bad file comes from one place
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
        return null;
    }

    private static ParquetEventSource openThroughParquetMr(Path file) throws IOException {
        String name = file.toString();
        InputFile in = new LocalInputFile(file);
        StoreMetadata metadata;
        // pages written since format version 2 carry a CRC-32: a flipped byte is an error, not a wrong sector
        ParquetFileReader reader = null;
        try {
            reader = ParquetFileReader.open(in, ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .usePageChecksumVerification(true).build());
            FileMetaData fmd = reader.getFileMetaData();
            checkSchema(name, fmd.getSchema());
            Optional<String> extent = ParquetFooterBounds.problem(reader, Files.size(file));
            if (extent.isPresent()) {
                throw TraceFormatException.of(name, extent.get());
            }
            metadata = StoreMetadata.fromKeyValues(fmd.getKeyValueMetaData());
            MessageType read = EventSchema.readSchemaFor(fmd.getSchema());
            reader.setRequestedSchema(read);
            ParquetEventSource source = new ParquetEventSource(name, metadata,
                    new EventColumnsReader(reader, read, file));
            source.startDecoding();
            return source;
        } catch (TraceFormatException e) {
            closeQuietly(reader);
            throw e;
        } catch (IllegalArgumentException e) {
            closeQuietly(reader);
            throw TraceFormatException.of(name, oneLine(e.getMessage(), file));
        } catch (RuntimeException | IOException e) {
            closeQuietly(reader);
            throw TraceFormatException.of(name, "unreadable Parquet footer (" + oneLine(e.getMessage(), file)
                    + "), expected an event store written by 'dmreplay ingest'");
        } catch (OutOfMemoryError e) {
            closeQuietly(reader);
            if (!ImplausibleAllocation.fromDamagedLength(e)) {
                throw e;
            }
            throw TraceFormatException.of(name, ImplausibleAllocation.problem("the Parquet footer"));
        }
    }

    private static void closeQuietly(ParquetFileReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is refused already; that is the error to report
            }
        }
    }

    private static void checkMagic(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream s = Files.newInputStream(file)) {
            n = s.readNBytes(head, 0, 4);
        }
        if (!looksLikeParquet(head, n)) {
            throw TraceFormatException.atByte(file.toString(), 0, "no Parquet magic 'PAR1', expected a Parquet file");
        }
        if (Files.size(file) < 12) {
            throw TraceFormatException.atByte(file.toString(), Files.size(file), "truncated Parquet file");
        }
    }

    private static void checkSchema(String name, MessageType schema) {
        for (Type expected : EventSchema.READ_SCHEMA.getFields()) {
            if (!schema.containsField(expected.getName())
                    || !schema.getType(expected.getName()).equals(expected)) {
                throw TraceFormatException.of(name, "column '" + expected.getName()
                        + "' missing or of another type, expected " + expected);
            }
        }
    }

    public StoreMetadata metadata() {
        return metadata;
    }

    @Override
    public BlockEvent next() throws IOException {
        if (slice != null && pos < slice.rows) {
            row++;
            return slice.event(pos++);
        }
        if (ended) {
            return null;
        }
        startDecoding();
        Object o;
        try {
            o = slices.take();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + name);
        }
        if (slice != null) {
            free.add(slice); // never full: there are only AHEAD + 2 slices
            slice = null;
        }
        if (o instanceof RowSlice s) {
            slice = s;
            pos = 0;
            return next();
        }
        ended = true;
        if (o instanceof Throwable t) {
            throw problem(t);
        }
        if (metadata.events() >= 0 && row != metadata.events()) {
            throw TraceFormatException.of(name, "the footer says " + metadata.events() + " events, the file holds "
                    + row + ": truncated or damaged event store");
        }
        return null;
    }

    /**
     * Starts the decoding thread unless started. {@link #open} starts it at once: the first row group (and the
     * native ZSTD library, loaded on first use) is then read while the caller is still setting up, not after its
     * first {@link #next()}; at most {@link #AHEAD} slices are decoded for a caller that never reads.
     */
    private void startDecoding() {
        if (decoder == null) {
            decoder = new Thread(this::decode, "dmreplay-store-reader");
            decoder.setDaemon(true);
            decoder.start();
        }
    }

    /** The decoding thread: slices until the end, a failure or {@link #close()}. */
    private void decode() {
        try {
            for (int made = 0; !closed; ) {
                RowSlice s = free.poll();
                if (s == null && made < AHEAD + 2) {
                    s = new RowSlice(SLICE); // made as needed: a small store needs one or two
                    made++;
                } else if (s == null) {
                    s = free.take();
                }
                reader.read(s);
                if (s.rows == 0) {
                    slices.put(END);
                    return;
                }
                slices.put(s);
            }
        } catch (InterruptedException e) {
            // closed while waiting for the caller
        } catch (Throwable t) {
            try {
                slices.put(t);
            } catch (InterruptedException e) {
                // closed while waiting for the caller
            }
        }
    }

    /** What the caller sees of a failure of the decoding thread, which read {@link #row} rows before it. */
    private TraceFormatException problem(Throwable t) {
        if (t instanceof OutOfMemoryError oom) {
            if (!ImplausibleAllocation.fromDamagedLength(oom)) {
                throw oom;
            }
            return TraceFormatException.of(name, "corrupt Parquet data after row " + row + ": "
                    + ImplausibleAllocation.problem("a page"));
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t instanceof IOException) {
            return TraceFormatException.of(name, "cannot read Parquet data after row " + row + " ("
                    + oneLine(rootMessage(t), Path.of(name)) + ")");
        }
        return TraceFormatException.of(name, "corrupt Parquet data after row " + row + " ("
                + oneLine(rootMessage(t), Path.of(name)) + ")");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Thread t = decoder;
        if (t != null) {
            t.interrupt();
            try {
                // the file is closed only once the decoding thread no longer reads it
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reader.close();
    }

    /** The innermost cause's message (a checksum failure is wrapped several times by the library). */
    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /**
     * A library message as one line for the user: the first line only, and the library's names for the file
     * ({@code LocalInputFile@1b2c3d}) replaced by its path.
     */
    static String oneLine(String message, Path file) {
        if (message == null) {
            return "no detail";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.replaceAll("[\\w.$]*InputFile@\\p{XDigit}+", file.toString());
    }
}
