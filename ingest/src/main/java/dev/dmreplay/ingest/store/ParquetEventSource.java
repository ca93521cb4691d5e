package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ImplausibleAllocation;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>From the first {@link #next()} on, the pages are decoded and the events made on a second thread
 * ({@link EventColumnsReader}), slices of {@link #SLICE} rows ahead of the caller (as the binary reader decodes
 * its per-CPU files on a second thread): the caller's thread is left to what it does with the events.
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
    private final BlockingQueue<Object> slices = new ArrayBlockingQueue<>(AHEAD);
    private volatile boolean closed;
    private Thread decoder;
    private BlockEvent[] slice = new BlockEvent[0];
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
        String name = file.toString();
        checkMagic(file);
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
            return new ParquetEventSource(name, metadata, new EventColumnsReader(reader, read, file));
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
        if (pos < slice.length) {
            BlockEvent e = slice[pos];
            slice[pos++] = null;
            row++;
            return e;
        }
        if (ended) {
            return null;
        }
        if (decoder == null) {
            decoder = new Thread(this::decode, "dmreplay-store-reader");
            decoder.setDaemon(true);
            decoder.start();
        }
        Object o;
        try {
            o = slices.take();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + name);
        }
        if (o instanceof BlockEvent[] s) {
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

    /** The decoding thread: slices until the end, a failure or {@link #close()}. */
    private void decode() {
        try {
            while (!closed) {
                BlockEvent[] s = new BlockEvent[SLICE];
                int n = reader.read(s);
                if (n == 0) {
                    slices.put(END);
                    return;
                }
                slices.put(n == SLICE ? s : java.util.Arrays.copyOf(s, n));
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
