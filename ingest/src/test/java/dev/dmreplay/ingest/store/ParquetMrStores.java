package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * parquet-mr's own record writer and reader (its "example" group model) over event stores: stores written the way
 * the project wrote them before it had its own encoders (they must stay readable), and an independent reading of
 * every column of a store the project writes now.
 */
final class ParquetMrStores {
    /** The schema of format version 1 stores: no {@code action_ext}. */
    static final MessageType SCHEMA_V1 = Types.buildMessage()
            .addFields(EventSchema.SCHEMA.getFields().subList(0, 12).toArray(new Type[0])).named("block_event");

    private ParquetMrStores() {
    }

    /** Writes {@code events} with parquet-mr's record writer: row by row, its column writers, its page sizes. */
    static void write(Path file, List<BlockEvent> events, MessageType schema, int formatVersion,
                      ParquetProperties.WriterVersion pages, int rowGroupRows) throws IOException {
        write(file, events, schema, formatVersion, pages, rowGroupRows, false, CompressionCodecName.ZSTD);
    }

    /**
     * As {@link #write(Path, List, MessageType, int, ParquetProperties.WriterVersion, int)}; with
     * {@code byteStreamSplit} the numeric columns are BYTE_STREAM_SPLIT without dictionaries (an encoding the
     * store's writer never uses: the reader's general path).
     */
    static void write(Path file, List<BlockEvent> events, MessageType schema, int formatVersion,
                      ParquetProperties.WriterVersion pages, int rowGroupRows, boolean byteStreamSplit,
                      CompressionCodecName codec) throws IOException {
        Map<String, String> kv = new java.util.LinkedHashMap<>(new StoreMetadata("parquet-mr", List.of("sda"), List.of(),
                new java.util.TreeMap<>(), new java.util.TreeMap<>(), events.size()).toKeyValues());
        kv.put(EventSchema.KEY_VERSION, Integer.toString(formatVersion));
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        ExampleParquetWriter.Builder b = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).withExtraMetaData(kv)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(codec)
                .withWriterVersion(pages).withRowGroupRowCountLimit(rowGroupRows).withPageRowCountLimit(1000)
                .withDictionaryEncoding(!byteStreamSplit);
        if (byteStreamSplit) {
            for (String c : List.of(EventSchema.TIME, EventSchema.SEQUENCE, EventSchema.SECTOR, EventSchema.PID,
                    EventSchema.ACTION_EXT)) {
                b = b.withByteStreamSplitEncoding(c, true);
            }
        }
        try (ParquetWriter<Group> w = b.build()) {
            for (BlockEvent e : events) {
                Group g = rows.newGroup().append(EventSchema.TIME, e.time()).append(EventSchema.SEQUENCE, e.sequence())
                        .append(EventSchema.SECTOR, e.sector()).append(EventSchema.BYTES, e.bytes())
                        .append(EventSchema.ACTION, e.action()).append(EventSchema.PID, e.pid())
                        .append(EventSchema.DEVICE, e.device()).append(EventSchema.CPU, e.cpu())
                        .append(EventSchema.ERROR, e.error() & 0xffff)
                        .append(EventSchema.PDU, Binary.fromConstantByteArray(e.pdu()))
                        .append(EventSchema.ACT, e.kind().letters())
                        .append(EventSchema.RWBS, e.isNotify() ? "?" : e.rwbs());
                if (e.actionExt() != 0 && schema.containsField(EventSchema.ACTION_EXT)) {
                    g.append(EventSchema.ACTION_EXT, e.actionExt());
                }
                w.write(g);
            }
        }
    }

    /** Every row of {@code file} through parquet-mr's record assembly, all columns. */
    static List<Group> readGroups(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetReader<Group> r = new GroupReader(new LocalInputFile(file)).build()) {
            for (Group g; (g = r.read()) != null; ) {
                out.add(g);
            }
        }
        return out;
    }

    /** A row read back by {@link #readGroups} as the event it stores. */
    static BlockEvent event(Group g) {
        boolean ext = g.getType().containsField(EventSchema.ACTION_EXT)
                && g.getFieldRepetitionCount(EventSchema.ACTION_EXT) > 0;
        return new BlockEvent(g.getLong(EventSchema.TIME, 0), g.getInteger(EventSchema.SEQUENCE, 0),
                g.getLong(EventSchema.SECTOR, 0), g.getInteger(EventSchema.BYTES, 0),
                g.getInteger(EventSchema.ACTION, 0), g.getInteger(EventSchema.PID, 0),
                g.getInteger(EventSchema.DEVICE, 0), g.getInteger(EventSchema.CPU, 0),
                g.getInteger(EventSchema.ERROR, 0), g.getBinary(EventSchema.PDU, 0).getBytes(),
                ext ? g.getInteger(EventSchema.ACTION_EXT, 0) : 0);
    }

    static String string(Group g, String field) {
        return new String(g.getBinary(field, 0).getBytes(), StandardCharsets.UTF_8);
    }

    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
