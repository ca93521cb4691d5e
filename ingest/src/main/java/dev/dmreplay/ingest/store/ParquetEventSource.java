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
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet event store written by {@link ParquetEventWriter} back, row by row, in the order written.
 * Each call to {@link #next()} returns a new {@link BlockEvent}; memory is bounded by one row group.
 * The footer (checked on open) is available as {@link #metadata()}.
 */
public final class ParquetEventSource implements EventSource {
    /** "PAR1": first and last four bytes of every Parquet file. */
    public static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private final String name;
    private final StoreMetadata metadata;
    private final ParquetReader<BlockEvent> reader;
    private long row;

    private ParquetEventSource(String name, StoreMetadata metadata, ParquetReader<BlockEvent> reader) {
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
        try (ParquetFileReader footer = ParquetFileReader.open(in, ParquetReadOptions.builder().build())) {
            FileMetaData fmd = footer.getFileMetaData();
            checkSchema(name, fmd.getSchema());
            Optional<String> extent = ParquetFooterBounds.problem(footer, Files.size(file));
            if (extent.isPresent()) {
                throw TraceFormatException.of(name, extent.get());
            }
            metadata = StoreMetadata.fromKeyValues(fmd.getKeyValueMetaData());
        } catch (TraceFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw TraceFormatException.of(name, oneLine(e.getMessage(), file));
        } catch (RuntimeException | IOException e) {
            throw TraceFormatException.of(name, "unreadable Parquet footer (" + oneLine(e.getMessage(), file)
                    + "), expected an event store written by 'dmreplay ingest'");
        } catch (OutOfMemoryError e) {
            if (!ImplausibleAllocation.fromDamagedLength(e)) {
                throw e;
            }
            throw TraceFormatException.of(name, ImplausibleAllocation.problem("the Parquet footer"));
        }
        // pages written since format version 2 carry a CRC-32: a flipped byte is an error, not a wrong sector
        ParquetReader<BlockEvent> reader = new Builder(in).withConf(new PlainParquetConfiguration())
                .usePageChecksumVerification(true).build();
        return new ParquetEventSource(name, metadata, reader);
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
        BlockEvent e;
        try {
            e = reader.read();
        } catch (RuntimeException ex) {
            throw TraceFormatException.of(name, "corrupt Parquet data after row " + row + " ("
                    + oneLine(rootMessage(ex), Path.of(name)) + ")");
        } catch (IOException ex) {
            throw TraceFormatException.of(name, "cannot read Parquet data after row " + row + " ("
                    + oneLine(rootMessage(ex), Path.of(name)) + ")");
        } catch (OutOfMemoryError ex) {
            if (!ImplausibleAllocation.fromDamagedLength(ex)) {
                throw ex;
            }
            throw TraceFormatException.of(name, "corrupt Parquet data after row " + row + ": "
                    + ImplausibleAllocation.problem("a page"));
        }
        if (e != null) {
            row++;
        } else if (metadata.events() >= 0 && row != metadata.events()) {
            throw TraceFormatException.of(name, "the footer says " + metadata.events() + " events, the file holds "
                    + row + ": truncated or damaged event store");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
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

    private static final class Builder extends ParquetReader.Builder<BlockEvent> {
        Builder(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<BlockEvent> getReadSupport() {
            return new EventReadSupport();
        }
    }
}
