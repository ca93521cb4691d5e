package dev.dmreplay.ingest.store;

import com.github.luben.zstd.ZstdDecompressCtx;
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
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of an event store column by column: one {@link ColumnChunkReader} per stored field decodes its
 * pages in bulk into the arrays of a {@link RowSlice}, from which the events are made. This skips parquet-mr's
 * record assembly (converters called field by field, row by row) and its value-at-a-time readers, which
 * made reading a store slower than reading the binary trace it came from. Every store version and encoding reads;
 * the derived string columns are not read.
 */
final class EventColumnsReader implements Closeable {
    /** The file when it is read through parquet-mr (chunks in another codec), else null. */
    private final ParquetFileReader file;
    /** The file read directly (ZSTD or uncompressed chunks), or null: through {@link #file}. */
    private final FileChannel channel;
    /**
     * Made when the first ZSTD chunk is read, on the decoding thread: loading the native library (extracted from
     * the jar to a temporary file) cost about 50 ms of CPU on the caller's thread when the store was opened.
     */
    private ZstdDecompressCtx zstd;
    /** The row groups read directly, or null. */
    private final List<StoreFooter.Group> groups;
    private int nextGroup;
    private final List<ColumnDescriptor> columns;
    private final boolean hasExt;
    private final ColumnChunkReader[] readers;
    /** Each column's chunk bytes, one buffer per column reused from row group to row group. */
    private final byte[][] chunks;
    /** Each column's page reader (and its decompression buffer), reused likewise. */
    private final ChunkPages[] pages;
    private long leftInGroup;

    /**
     * Reads through {@code file}'s metadata: directly when every chunk is in a codec {@link ChunkPages} reads,
     * else through parquet-mr's page reader.
     *
     * @param file a reader of {@code path} whose requested schema is {@code schema}
     *             ({@link EventSchema#readSchemaFor})
     */
    EventColumnsReader(ParquetFileReader file, MessageType schema, Path path) throws IOException {
        this(schema, directGroups(file.getRowGroups(), schema), file, path);
    }

    /**
     * Reads the chunks {@code groups} (in the order of {@code schema}'s columns, from {@link StoreFooter}) of
     * {@code channel} directly; the channel is closed with this reader.
     */
    EventColumnsReader(MessageType schema, List<StoreFooter.Group> groups, FileChannel channel) {
        this(schema, groups, null, channel);
    }

    private EventColumnsReader(MessageType schema, List<StoreFooter.Group> direct, ParquetFileReader file, Path path)
            throws IOException {
        this(schema, direct, file, direct != null ? FileChannel.open(path, StandardOpenOption.READ) : null);
    }

    private EventColumnsReader(MessageType schema, List<StoreFooter.Group> direct, ParquetFileReader file,
                               FileChannel channel) {
        this.file = file;
        this.columns = schema.getColumns();
        this.hasExt = schema.containsField(EventSchema.ACTION_EXT);
        this.readers = readers(columns);
        this.chunks = new byte[columns.size()][];
        this.pages = new ChunkPages[columns.size()];
        this.groups = direct;
        this.channel = channel;
    }

    private static ColumnChunkReader[] readers(List<ColumnDescriptor> columns) {
        ColumnChunkReader[] readers = new ColumnChunkReader[columns.size()];
        for (int c = 0; c < readers.length; c++) {
            readers[c] = new ColumnChunkReader(columns.get(c));
        }
        return readers;
    }

    /** parquet-mr's row groups as chunk extents to read directly, or null when a codec needs parquet-mr. */
    private static List<StoreFooter.Group> directGroups(List<BlockMetaData> blocks, MessageType schema) {
        List<ColumnDescriptor> columns = schema.getColumns();
        List<StoreFooter.Group> groups = new java.util.ArrayList<>(blocks.size());
        for (BlockMetaData g : blocks) {
            StoreFooter.Chunk[] chunks = new StoreFooter.Chunk[columns.size()];
            for (int c = 0; c < chunks.length; c++) {
                ColumnChunkMetaData meta = chunk(g, columns.get(c));
                if (!ChunkPages.handles(meta.getCodec())) {
                    return null;
                }
                chunks[c] = new StoreFooter.Chunk(meta.getStartingPos(), meta.getTotalSize(),
                        meta.getCodec(), meta.getValueCount());
            }
            groups.add(new StoreFooter.Group(g.getRowCount(), chunks));
        }
        return groups;
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
            checkRows(nextGroup++, group.getRowCount());
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
        StoreFooter.Group group = groups.get(nextGroup);
        checkRows(nextGroup++, group.rows());
        for (int c = 0; c < readers.length; c++) {
            StoreFooter.Chunk meta = group.chunks()[c];
            if (meta.values() != group.rows()) {
                // every column of the store is flat: one value (or null) per row in each chunk
                throw new ParquetDecodingException("row group " + (nextGroup - 1) + " has " + group.rows()
                        + " rows but column " + String.join(".", columns.get(c).getPath()) + " " + meta.values()
                        + " values");
            }
            int size = Math.toIntExact(meta.size());
            if (chunks[c] == null || chunks[c].length < size) {
                chunks[c] = new byte[Math.max(size, chunks[c] == null ? 0 : chunks[c].length + (size >> 2))];
            }
            byte[] bytes = chunks[c];
            ByteBuffer b = ByteBuffer.wrap(bytes, 0, size);
            String name = String.join(".", columns.get(c).getPath());
            for (long at = meta.start(); b.hasRemaining(); ) {
                int n = channel.read(b, at + b.position());
                if (n < 0) {
                    throw new java.io.EOFException("column chunk " + name + " of row group "
                            + (nextGroup - 1) + " ends past the end of the file");
                }
            }
            if (zstd == null && meta.codec() == CompressionCodecName.ZSTD) {
                zstd = new ZstdDecompressCtx();
            }
            if (pages[c] == null) {
                pages[c] = new ChunkPages();
            }
            pages[c].start(name, bytes, size, meta.codec(), meta.values(), zstd);
            readers[c].start(pages[c], group.rows());
        }
        leftInGroup = group.rows();
        return true;
    }

    /**
     * A row count the footer gives a row group: never negative (a damaged count would otherwise read as an empty
     * group and the rows would silently go missing).
     */
    private static void checkRows(int group, long rows) {
        if (rows < 0) {
            throw new ParquetDecodingException("row group " + group + " has a negative row count (" + rows + ")");
        }
    }

    /** Fills {@code out} from row 0 with the next rows and sets its row count (0 at the end of the store). */
    void read(RowSlice out) throws IOException {
        out.rows = 0;
        while (leftInGroup == 0) {
            if (!nextGroup()) {
                return;
            }
        }
        int n = (int) Math.min(out.capacity(), leftInGroup);
        readers[0].readLongs(out.time, n);
        readers[1].readInts(out.sequence, n);
        readers[2].readLongs(out.sector, n);
        readers[3].readInts(out.bytes, n);
        readers[4].readInts(out.action, n);
        readers[5].readInts(out.pid, n);
        readers[6].readInts(out.device, n);
        readers[7].readInts(out.cpu, n);
        readers[8].readInts(out.error, n);
        readers[9].readBinaries(out.pdu, n);
        if (hasExt) {
            readers[10].readInts(out.ext, n); // null (0): a version 7 record
        } else {
            java.util.Arrays.fill(out.ext, 0, n, 0); // a format version 1 store: version 7 records only
        }
        leftInGroup -= n;
        out.rows = n;
    }

    @Override
    public void close() throws IOException {
        try (file) {
            if (channel != null) {
                channel.close();
            }
            if (zstd != null) {
                zstd.close();
            }
        }
    }
}
