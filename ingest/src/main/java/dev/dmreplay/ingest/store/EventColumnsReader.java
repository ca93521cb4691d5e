package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of an event store column by column: one parquet-mr {@link ColumnReader} per stored field, values
 * taken straight into arrays for a slice of rows, then the slice's {@link BlockEvent}s made from them. This skips
 * parquet-mr's record assembly (converters called field by field, row by row), which made reading a store slower
 * than reading the binary trace it came from. Works for every store version and encoding (parquet-mr decodes the
 * pages); the derived string columns are not read.
 */
final class EventColumnsReader implements Closeable {
    private static final PrimitiveConverter UNUSED = new PrimitiveConverter() {
    };

    private final ParquetFileReader file;
    private final List<ColumnDescriptor> columns;
    private final boolean hasExt;
    private final VersionParser.ParsedVersion writer;
    private final ColumnReader[] readers;
    private long leftInGroup;

    private long[] time = new long[0];
    private long[] sector = new long[0];
    private int[] sequence = new int[0];
    private int[] bytes = new int[0];
    private int[] action = new int[0];
    private int[] pid = new int[0];
    private int[] device = new int[0];
    private int[] cpu = new int[0];
    private int[] error = new int[0];
    private int[] ext = new int[0];
    private byte[][] pdu = new byte[0][];

    /** @param file a reader whose requested schema is {@code schema} ({@link EventSchema#readSchemaFor}) */
    EventColumnsReader(ParquetFileReader file, MessageType schema, String createdBy) {
        this.file = file;
        this.columns = schema.getColumns();
        this.hasExt = schema.containsField(EventSchema.ACTION_EXT);
        this.readers = new ColumnReader[columns.size()];
        VersionParser.ParsedVersion v;
        try {
            v = createdBy == null ? null : VersionParser.parse(createdBy);
        } catch (VersionParser.VersionParseException | RuntimeException e) {
            v = null; // as parquet-mr's own record reader does: no writer-specific workarounds
        }
        this.writer = v;
    }

    /** Fills {@code out} from index 0 with the next rows; returns how many (0 at the end of the store). */
    int read(BlockEvent[] out) throws IOException {
        while (leftInGroup == 0) {
            PageReadStore group = file.readNextRowGroup();
            if (group == null) {
                return 0;
            }
            for (int c = 0; c < readers.length; c++) {
                ColumnDescriptor d = columns.get(c);
                readers[c] = new ColumnReaderImpl(d, group.getPageReader(d), UNUSED, writer);
            }
            leftInGroup = group.getRowCount();
        }
        int n = (int) Math.min(out.length, leftInGroup);
        grow(n);
        longs(readers[0], time, n);
        ints(readers[1], sequence, n);
        longs(readers[2], sector, n);
        ints(readers[3], bytes, n);
        ints(readers[4], action, n);
        ints(readers[5], pid, n);
        ints(readers[6], device, n);
        ints(readers[7], cpu, n);
        ints(readers[8], error, n);
        ColumnReader r = readers[9];
        for (int i = 0; i < n; i++) {
            Binary b = r.getBinary();
            pdu[i] = b.length() == 0 ? BlockEvent.NO_PDU : b.getBytes();
            r.consume();
        }
        if (hasExt) {
            ColumnReader x = readers[10];
            int defined = x.getDescriptor().getMaxDefinitionLevel();
            for (int i = 0; i < n; i++) {
                // null: a version 7 record
                ext[i] = x.getCurrentDefinitionLevel() == defined ? x.getInteger() : 0;
                x.consume();
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = new BlockEvent(time[i], sequence[i], sector[i], bytes[i], action[i], pid[i], device[i], cpu[i],
                    error[i], pdu[i], hasExt ? ext[i] : 0);
            pdu[i] = null;
        }
        leftInGroup -= n;
        return n;
    }

    private static void longs(ColumnReader r, long[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = r.getLong();
            r.consume();
        }
    }

    private static void ints(ColumnReader r, int[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = r.getInteger();
            r.consume();
        }
    }

    private void grow(int n) {
        if (time.length < n) {
            time = new long[n];
            sector = new long[n];
            sequence = new int[n];
            bytes = new int[n];
            action = new int[n];
            pid = new int[n];
            device = new int[n];
            cpu = new int[n];
            error = new int[n];
            ext = new int[n];
            pdu = new byte[n][];
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
