package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's own encoders against parquet-mr: its record assembly reads every column of a store written now
 * (derived strings and nulls included), statistics follow the unsigned order of the annotated columns, and stores
 * written by parquet-mr's record writer (as before the store had its own encoders) still read back.
 */
class StoreCompatibilityTest {
    @TempDir
    Path dir;

    private Path write(List<BlockEvent> events, ParquetEventWriter.Options o) throws IOException {
        Path file = dir.resolve("new.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file, o, "random", List.of("sda"), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        return file;
    }

    @Test
    void parquetMrRecordAssemblyReadsEveryColumn() throws IOException {
        List<BlockEvent> events = new java.util.ArrayList<>(ParquetEventStoreTest.kitchenSink());
        events.addAll(RandomEvents.of(9, 30_000));
        Path file = write(events, new ParquetEventWriter.Options(7_000, 900, 3, 2));
        List<Group> rows = ParquetMrStores.readGroups(file);
        assertThat(rows).hasSameSizeAs(events);
        for (int i = 0; i < rows.size(); i++) {
            BlockEvent e = events.get(i);
            Group g = rows.get(i);
            assertThat(ParquetMrStores.event(g)).as("row %d", i).isEqualTo(e);
            assertThat(ParquetMrStores.string(g, EventSchema.ACT)).as("act of row %d", i).isEqualTo(e.kind().letters());
            assertThat(ParquetMrStores.string(g, EventSchema.RWBS)).as("rwbs of row %d", i)
                    .isEqualTo(e.isNotify() ? "?" : e.rwbs());
        }
    }

    @Test
    void storesWrittenByParquetMrStillReadBack() throws IOException {
        List<BlockEvent> events = RandomEvents.of(21, 25_000);
        for (ParquetProperties.WriterVersion pages : ParquetProperties.WriterVersion.values()) {
            Path v2 = dir.resolve("mr-" + pages + ".parquet");
            ParquetMrStores.write(v2, events, EventSchema.SCHEMA, 2, pages, 10_000);
            assertThat(ParquetEventStoreTest.readAll(v2)).as("%s", pages).containsExactlyElementsOf(events);
            // format version 1: no action_ext column, every record version 7
            List<BlockEvent> v7 = events.stream().map(e -> new BlockEvent(e.time(), e.sequence(), e.sector(),
                    e.bytes(), e.action(), e.pid(), e.device(), e.cpu(), e.error(), e.pdu())).toList();
            Path v1 = dir.resolve("mr1-" + pages + ".parquet");
            ParquetMrStores.write(v1, v7, ParquetMrStores.SCHEMA_V1, 1, pages, 10_000);
            assertThat(ParquetEventStoreTest.readAll(v1)).as("%s", pages).containsExactlyElementsOf(v7);
        }
    }

    @Test
    void encodingsTheWriterNeverUsesReadThroughParquetMr() throws IOException {
        // BYTE_STREAM_SPLIT integers (and PLAIN elsewhere, no dictionaries), in version 1 and 2 pages
        List<BlockEvent> events = RandomEvents.of(4, 12_000);
        for (ParquetProperties.WriterVersion pages : ParquetProperties.WriterVersion.values()) {
            Path file = dir.resolve("bss-" + pages + ".parquet");
            ParquetMrStores.write(file, events, EventSchema.SCHEMA, 2, pages, 5_000, true, CompressionCodecName.ZSTD);
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
                assertThat(column(r.getRowGroups().get(0), EventSchema.SECTOR).getEncodings())
                        .contains(Encoding.BYTE_STREAM_SPLIT);
            }
            assertThat(ParquetEventStoreTest.readAll(file)).as("%s", pages).containsExactlyElementsOf(events);
        }
    }

    @Test
    void otherCodecsRead() throws IOException {
        // the store's chunks are ZSTD or uncompressed, read directly; other codecs read through parquet-mr's
        List<BlockEvent> events = RandomEvents.of(8, 9_000);
        for (CompressionCodecName codec : List.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
                CompressionCodecName.GZIP)) {
            Path file = dir.resolve(codec + ".parquet");
            ParquetMrStores.write(file, events, EventSchema.SCHEMA, 2, ParquetProperties.WriterVersion.PARQUET_2_0,
                    4_000, false, codec);
            assertThat(ParquetEventStoreTest.readAll(file)).as("%s", codec).containsExactlyElementsOf(events);
        }
    }

    @Test
    void statisticsUseTheUnsignedOrderOfAnnotatedColumns() throws IOException {
        List<BlockEvent> events = List.of(
                new BlockEvent(-5, -1, -1L, 4096, 0x00100001, 7, 8 << 20, 0, 65531, new byte[] {1, 2}),
                new BlockEvent(3, 1, 0, 512, 0x00100001, -2, 8 << 20, 1, 0, null),
                new BlockEvent(9, 2, 1L << 62, 0, 0x00100001, 7, 8 << 20, 0, 0, new byte[] {(byte) 0xff}));
        Path file = write(events, ParquetEventWriter.Options.DEFAULT);
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            BlockMetaData g = r.getRowGroups().get(0);
            assertThat(stats(g, EventSchema.TIME).genericGetMin()).isEqualTo(-5L); // time is signed
            assertThat(stats(g, EventSchema.TIME).genericGetMax()).isEqualTo(9L);
            assertThat(stats(g, EventSchema.SECTOR).genericGetMin()).isEqualTo(0L);
            assertThat(stats(g, EventSchema.SECTOR).genericGetMax()).isEqualTo(-1L); // u64 max
            assertThat(stats(g, EventSchema.SEQUENCE).genericGetMax()).isEqualTo(-1);
            assertThat(stats(g, EventSchema.PID).genericGetMin()).isEqualTo(7);
            assertThat(stats(g, EventSchema.PID).genericGetMax()).isEqualTo(-2);
            assertThat(stats(g, EventSchema.ERROR).genericGetMax()).isEqualTo(65531);
            assertThat(stats(g, EventSchema.ACTION_EXT).getNumNulls()).isEqualTo(3);
            // payloads: unsigned byte order, the empty payload the smallest
            assertThat(stats(g, EventSchema.PDU).getMinBytes()).isEmpty();
            assertThat(stats(g, EventSchema.PDU).getMaxBytes()).containsExactly(0xff);
        }
    }

    @Test
    void aColumnWithTooManyDistinctValuesIsDeltaCodedInstead() throws IOException {
        Random rnd = new Random(2);
        int n = RowGroupEncoder.MAX_DICTIONARY + 5_000;
        List<BlockEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            // every pid distinct; bytes from a handful of sizes
            events.add(new BlockEvent(i, i, rnd.nextLong(), 4096 << rnd.nextInt(3), 0x00100001, rnd.nextInt(), 8 << 20,
                    0, 0, null));
        }
        Path file = write(events, new ParquetEventWriter.Options(n, 4_096, 3, 1));
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(column(r.getRowGroups().get(0), EventSchema.PID).getEncodings())
                    .containsExactly(Encoding.DELTA_BINARY_PACKED);
            assertThat(column(r.getRowGroups().get(0), EventSchema.BYTES).getEncodings())
                    .contains(Encoding.RLE_DICTIONARY);
        }
        assertThat(ParquetEventStoreTest.readAll(file)).containsExactlyElementsOf(events);
    }

    private static ColumnChunkMetaData column(BlockMetaData g, String name) {
        return g.getColumns().stream().filter(c -> c.getPath().toDotString().equals(name)).findFirst().orElseThrow();
    }

    private static Statistics<?> stats(BlockMetaData g, String name) {
        return column(g, name).getStatistics();
    }
}
