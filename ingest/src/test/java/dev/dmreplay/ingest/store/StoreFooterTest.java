package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's own footer reading ({@link StoreFooter}, {@link FlatSchema}) against parquet-mr's view of a file. */
class StoreFooterTest {

    @TempDir
    Path dir;

    private Path store(int rows) throws IOException {
        Path file = dir.resolve("s.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file,
                ParquetEventWriter.Options.DEFAULT.withRowGroupRows(10_000), "random", List.of("sda"), Map.of())) {
            for (BlockEvent e : RandomEvents.of(3, rows)) {
                w.write(e);
            }
            w.commit();
        }
        return file;
    }

    private static StoreFooter footer(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return StoreFooter.read(ch, ch.size(), EventSchema::readSchemaFor);
        }
    }

    @Test
    void sameSchemaMetadataAndChunksAsParquetMr() throws IOException {
        Path file = store(35_000);
        StoreFooter f = footer(file);
        assertThat(f).isNotNull();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = r.getFileMetaData().getSchema();
            assertThat(f.fileSchema).isEqualTo(schema);
            assertThat(f.keyValues).isEqualTo(r.getFileMetaData().getKeyValueMetaData());
            List<ColumnDescriptor> read = EventSchema.readSchemaFor(schema).getColumns();
            List<BlockMetaData> blocks = r.getRowGroups();
            assertThat(f.groups).hasSize(blocks.size()).hasSizeGreaterThanOrEqualTo(4);
            for (int g = 0; g < blocks.size(); g++) {
                StoreFooter.Group group = f.groups.get(g);
                assertThat(group.rows()).isEqualTo(blocks.get(g).getRowCount());
                assertThat(group.chunks()).hasSize(read.size());
                for (int c = 0; c < read.size(); c++) {
                    ColumnChunkMetaData m = chunk(blocks.get(g), read.get(c));
                    assertThat(group.chunks()[c]).isEqualTo(new StoreFooter.Chunk(m.getStartingPos(),
                            m.getTotalSize(), m.getCodec(), m.getValueCount()));
                }
            }
        }
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor column) {
        ColumnPath p = ColumnPath.get(column.getPath());
        return block.getColumns().stream().filter(c -> c.getPath().equals(p)).findFirst().orElseThrow();
    }

    @Test
    void aDamagedFooterIsLeftToParquetMr() throws IOException {
        byte[] good = Files.readAllBytes(store(2_000));
        // cut short: no trailing magic
        assertThat(footer(Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(good, good.length - 3)))).isNull();
        // a footer length past the start of the file
        byte[] longer = good.clone();
        longer[good.length - 5] = 0x7f;
        assertThat(footer(Files.write(dir.resolve("length.parquet"), longer))).isNull();
        // Thrift that does not parse (the footer's first bytes overwritten)
        int length = (good[good.length - 8] & 0xff) | (good[good.length - 7] & 0xff) << 8
                | (good[good.length - 6] & 0xff) << 16;
        byte[] garbled = good.clone();
        Arrays.fill(garbled, good.length - 8 - length, good.length - 8 - length + 16, (byte) 0xff);
        assertThat(footer(Files.write(dir.resolve("garbled.parquet"), garbled))).isNull();
    }

    @Test
    void flatSchemaOfPlainColumns() {
        SchemaElement root = new SchemaElement("block_event").setNum_children(3);
        SchemaElement time = new SchemaElement("time").setType(Type.INT64)
                .setRepetition_type(FieldRepetitionType.REQUIRED);
        SchemaElement seq = new SchemaElement("sequence").setType(Type.INT32)
                .setRepetition_type(FieldRepetitionType.REQUIRED).setConverted_type(ConvertedType.UINT_32)
                .setLogicalType(LogicalType.INTEGER(new IntType((byte) 32, false)));
        SchemaElement pdu = new SchemaElement("pdu").setType(Type.BYTE_ARRAY)
                .setRepetition_type(FieldRepetitionType.OPTIONAL);
        assertThat(FlatSchema.of(List.of(root, time, seq, pdu), null)).isEqualTo(Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("time")
                .required(PrimitiveTypeName.INT32)
                .as(org.apache.parquet.schema.LogicalTypeAnnotation.intType(32, false)).named("sequence")
                .optional(PrimitiveTypeName.BINARY).named("pdu")
                .named("block_event"));
    }

    @Test
    void flatSchemaLeavesAnythingElseToParquetMr() {
        SchemaElement root = new SchemaElement("m").setNum_children(1);
        SchemaElement col = new SchemaElement("c").setType(Type.INT32).setRepetition_type(FieldRepetitionType.REQUIRED);
        assertThat(FlatSchema.of(List.of(root, col), null)).isNotNull();
        // a field id, a fixed length, another type, a group
        assertThat(FlatSchema.of(List.of(root, col.deepCopy().setField_id(1)), null)).isNull();
        assertThat(FlatSchema.of(List.of(root, col.deepCopy().setType_length(4)), null)).isNull();
        assertThat(FlatSchema.of(List.of(root, col.deepCopy().setType(Type.DOUBLE)), null)).isNull();
        assertThat(FlatSchema.of(List.of(root, new SchemaElement("g").setNum_children(0)
                .setRepetition_type(FieldRepetitionType.REQUIRED)), null)).isNull();
        // a logical type and a converted type that disagree: parquet-mr keeps the converted one, with a warning
        assertThat(FlatSchema.of(List.of(root, col.deepCopy().setConverted_type(ConvertedType.UINT_16)
                .setLogicalType(LogicalType.INTEGER(new IntType((byte) 32, false)))), null)).isNull();
        // an annotation it does not build
        assertThat(FlatSchema.of(List.of(root, col.deepCopy().setConverted_type(ConvertedType.DATE)), null))
                .isNull();
        // more elements than the root has children
        assertThat(FlatSchema.of(List.of(root, col, col), null)).isNull();
    }
}
