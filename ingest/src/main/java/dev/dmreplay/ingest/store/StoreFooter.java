package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.io.ImplausibleAllocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * The footer of an event store as the store's own reader needs it, parsed straight from parquet-format's Thrift
 * structures: the schema, the key-value metadata and where each column chunk of each row group lies.
 *
 * <p>Why not {@link org.apache.parquet.hadoop.ParquetFileReader}: opening one loads about a thousand classes
 * (parquet-hadoop's reader and writer, its metadata model, and the shaded Jackson that {@code ParquetMetadata}
 * initialises for its JSON dump), which cost about 0.4 s of CPU and wall time before the first row, on the caller's
 * thread ({@code analyze} of a 20 k-record store: 2.15 s before, 1.73 s after, the binary trace 1.80 s). This class
 * reads only what a store written by {@link ParquetEventWriter} has. It is an accelerator, not a validator:
 * {@link #read} answers null for anything it does not know to be a plain valid footer (an encrypted or damaged one,
 * a chunk out of the file, an unknown codec), and the caller then goes through parquet-mr, which reports the
 * problem as before.
 */
final class StoreFooter {
    /** Footer sizes believed (a 5 M-row store's is 25 KB; parquet-mr's own limit). */
    private static final int MAX_FOOTER = 100 << 20;
    /** The 4-byte magic at the start of every Parquet file: no chunk starts before it. */
    private static final long DATA_START = 4;

    /** One column chunk's bytes in the file and what they hold. */
    record Chunk(long start, long size, CompressionCodecName codec, long values) {
    }

    /** One row group: its row count and its chunks in the order of the read schema's columns. */
    record Group(long rows, Chunk[] chunks) {
    }

    final MessageType fileSchema;
    final Map<String, String> keyValues;
    final List<Group> groups;

    private StoreFooter(MessageType fileSchema, Map<String, String> keyValues, List<Group> groups) {
        this.fileSchema = fileSchema;
        this.keyValues = keyValues;
        this.groups = groups;
    }

    /**
     * The footer of {@code channel} (a file of {@code size} bytes) with the chunks of the columns of the read schema
     * that {@code readSchema} picks for it, or null when the footer is anything but plain and valid.
     */
    static StoreFooter read(FileChannel channel, long size, java.util.function.Function<MessageType, MessageType>
            readSchema) {
        try {
            FileMetaData meta = thrift(channel, size);
            if (meta == null || meta.isSetEncryption_algorithm()) {
                return null;
            }
            MessageType schema = FlatSchema.of(meta.getSchema(), meta.getColumn_orders());
            if (schema == null) {
                return null;
            }
            MessageType read = readSchema.apply(schema);
            List<String[]> paths = new ArrayList<>();
            read.getColumns().forEach(c -> paths.add(c.getPath()));
            List<Group> groups = new ArrayList<>();
            if (meta.getRow_groups() != null) {
                for (RowGroup g : meta.getRow_groups()) {
                    Group group = group(g, schema, paths, size);
                    if (group == null) {
                        return null;
                    }
                    groups.add(group);
                }
            }
            Map<String, String> kv = new HashMap<>();
            if (meta.getKey_value_metadata() != null) {
                for (KeyValue e : meta.getKey_value_metadata()) {
                    kv.put(e.getKey(), e.getValue()); // a repeated key: the last wins, as in parquet-mr
                }
            }
            return new StoreFooter(schema, kv, groups);
        } catch (IOException | RuntimeException e) {
            return null; // parquet-mr reads it again and says what is wrong
        } catch (OutOfMemoryError e) {
            if (!ImplausibleAllocation.fromDamagedLength(e)) {
                throw e;
            }
            return null; // a damaged list length in the Thrift: parquet-mr's reading of it is refused as such
        }
    }

    /** The footer's Thrift structure, or null when its length or magic is not plausible. */
    private static FileMetaData thrift(FileChannel channel, long size) throws IOException {
        if (size < 12) {
            return null;
        }
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, tail, size - 8);
        int length = tail.getInt(0);
        for (int i = 0; i < 4; i++) {
            if (tail.get(4 + i) != ParquetEventSource.MAGIC[i]) {
                return null;
            }
        }
        if (length <= 0 || length > MAX_FOOTER || length > size - 12) {
            return null;
        }
        ByteBuffer footer = ByteBuffer.allocate(length);
        readFully(channel, footer, size - 8 - length);
        return Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
    }

    private static void readFully(FileChannel channel, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
    }

    /**
     * The chunks of {@code paths} in {@code g}, or null when one is missing, encrypted, in another file, in a codec
     * {@link ChunkPages} does not read, or outside the data part of a file of {@code fileSize} bytes.
     */
    private static Group group(RowGroup g, MessageType fileSchema, List<String[]> paths, long fileSize) {
        long dataEnd = fileSize - 8; // the footer, its length and the trailing magic follow the last data byte
        Chunk[] chunks = new Chunk[paths.size()];
        // as parquet-mr requires: one chunk per column of the file's schema, each naming one of its columns (a
        // chunk whose name is damaged is not a column nobody reads: its column is then missing)
        if (g.getNum_rows() < 0 || g.getColumns() == null
                || g.getColumns().size() != fileSchema.getColumns().size()) {
            return null;
        }
        for (ColumnChunk c : g.getColumns()) {
            ColumnMetaData m = c.getMeta_data();
            if (c.isSetCrypto_metadata() || c.getFile_path() != null || m == null || m.getPath_in_schema() == null
                    || !fileSchema.containsPath(m.getPath_in_schema().toArray(new String[0]))) {
                return null;
            }
            int column = indexOf(paths, m.getPath_in_schema());
            if (column < 0) {
                continue; // a derived column, not read
            }
            CompressionCodecName codec = CompressionCodecName.fromParquet(m.getCodec());
            // where parquet-mr starts a chunk (ColumnChunkMetaData.getStartingPos): its dictionary page if first
            long data = m.getData_page_offset();
            long dictionary = m.isSetDictionary_page_offset() ? m.getDictionary_page_offset() : 0;
            long start = dictionary > 0 && dictionary < data ? dictionary : data;
            long size = m.getTotal_compressed_size();
            if (!ChunkPages.handles(codec) || chunks[column] != null || start < DATA_START || size < 0
                    || size > dataEnd - start || size > Integer.MAX_VALUE) {
                return null;
            }
            chunks[column] = new Chunk(start, size, codec, m.getNum_values());
        }
        for (Chunk c : chunks) {
            if (c == null) {
                return null;
            }
        }
        return new Group(g.getNum_rows(), chunks);
    }

    private static int indexOf(List<String[]> paths, List<String> path) {
        for (int i = 0; i < paths.size(); i++) {
            if (java.util.Arrays.asList(paths.get(i)).equals(path)) {
                return i;
            }
        }
        return -1;
    }
}
