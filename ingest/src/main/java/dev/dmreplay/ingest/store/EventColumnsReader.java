package dev.dmreplay.ingest.store;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of an event store column by column: one {@link ColumnChunkReader} per stored field decodes its
 * pages in bulk into arrays for a slice of rows, then the slice's {@link BlockEvent}s are made from them. This skips
 * parquet-mr's record assembly (converters called field by field, row by row) and its value-at-a-time readers, which
 * made reading a store slower than reading the binary trace it came from. Every store version and encoding reads;
 * the derived string columns are not read.
 */
final class EventColumnsReader implements Closeable {
    private final ParquetFileReader file;
    /** The file read directly (ZSTD or uncompressed chunks), or null: through {@link ParquetFileReader}. */
    private final FileChannel channel;
    private final ZstdDecompressCtx zstd;
    private final List<BlockMetaData> groups;
    private int nextGroup;
    private final List<ColumnDescriptor> columns;
    private final boolean hasExt;
    private final ColumnChunkReader[] readers;
    /** Each column's chunk bytes, one buffer per column reused from row group to row group. */
    private final byte[][] chunks;
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

    /**
     * @param file a reader of {@code path} whose requested schema is {@code schema}
     *             ({@link EventSchema#readSchemaFor})
     */
    EventColumnsReader(ParquetFileReader file, MessageType schema, Path path) throws IOException {
        this.file = file;
        this.columns = schema.getColumns();
        this.hasExt = schema.containsField(EventSchema.ACTION_EXT);
        this.readers = new ColumnChunkReader[columns.size()];
        for (int c = 0; c < readers.length; c++) {
            readers[c] = new ColumnChunkReader(columns.get(c));
        }
        this.chunks = new byte[columns.size()][];
        this.groups = file.getRowGroups();
        boolean direct = true;
        for (BlockMetaData g : groups) {
            for (ColumnDescriptor d : columns) {
                direct &= ChunkPages.handles(chunk(g, d).getCodec());
            }
        }
        this.channel = direct ? FileChannel.open(path, StandardOpenOption.READ) : null;
        this.zstd = direct ? new ZstdDecompressCtx() : null;
    }

    private static ColumnChunkMetaData chunk(BlockMetaData group, ColumnDescriptor column) {
        ColumnPath p = ColumnPath.get(column.getPath());
        for (ColumnChunkMetaData c : group.getColumns()) {
            if (c.getPath().equals(p)) {
                return c;
            }
        }
        throw new ParquetDecodingException("row group " + group.getOrdinal() + " has no column " + p.toDotString());
    }

    /** Opens the next row group's columns; false after the last. */
    private boolean nextGroup() throws IOException {
        if (channel == null) {
            PageReadStore group = file.readNextRowGroup();
            if (group == null) {
                return false;
            }
            for (int c = 0; c < readers.length; c++) {
                ColumnDescriptor d = columns.get(c);
                readers[c].start(group.getPageReader(d), group.getRowCount());
            }
            leftInGroup = group.getRowCount();
            return true;
        }
        if (nextGroup == groups.size()) {
            return false;
        }
        BlockMetaData group = groups.get(nextGroup++);
        for (int c = 0; c < readers.length; c++) {
            ColumnDescriptor d = columns.get(c);
            ColumnChunkMetaData meta = chunk(group, d);
            int size = Math.toIntExact(meta.getTotalSize());
            if (chunks[c] == null || chunks[c].length < size) {
                chunks[c] = new byte[Math.max(size, chunks[c] == null ? 0 : chunks[c].length + (size >> 2))];
            }
            byte[] bytes = chunks[c];
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, size);
            for (long at = meta.getStartingPos(); b.hasRemaining(); ) {
                int n = channel.read(b, at + b.position());
                if (n < 0) {
                    throw new java.io.EOFException("column chunk " + meta.getPath().toDotString() + " of row group "
                            + (nextGroup - 1) + " ends past the end of the file");
                }
            }
            ChunkPages pages = new ChunkPages(meta.getPath().toDotString(), bytes, size, meta.getCodec(),
                    meta.getValueCount(), zstd);
            readers[c].start(pages, group.getRowCount());
        }
        leftInGroup = group.getRowCount();
        return true;
    }

    /** Fills {@code out} from index 0 with the next rows; returns how many (0 at the end of the store). */
    int read(BlockEvent[] out) throws IOException {
        while (leftInGroup == 0) {
            if (!nextGroup()) {
                return 0;
            }
        }
        int n = (int) Math.min(out.length, leftInGroup);
        grow(n);
        readers[0].readLongs(time, n);
        readers[1].readInts(sequence, n);
        readers[2].readLongs(sector, n);
        readers[3].readInts(bytes, n);
        readers[4].readInts(action, n);
        readers[5].readInts(pid, n);
        readers[6].readInts(device, n);
        readers[7].readInts(cpu, n);
        readers[8].readInts(error, n);
        readers[9].readBinaries(pdu, n);
        if (hasExt) {
            readers[10].readInts(ext, n); // null (0): a version 7 record
        }
        for (int i = 0; i < n; i++) {
            out[i] = new BlockEvent(time[i], sequence[i], sector[i], bytes[i], action[i], pid[i], device[i], cpu[i],
                    error[i], pdu[i], hasExt ? ext[i] : 0);
            pdu[i] = null;
        }
        leftInGroup -= n;
        return n;
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
        try (file) {
            if (channel != null) {
                channel.close();
                zstd.close();
            }
        }
    }
}
