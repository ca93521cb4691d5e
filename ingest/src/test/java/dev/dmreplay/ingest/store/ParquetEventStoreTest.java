package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetEventStoreTest {

    @TempDir
    Path dir;

    static byte[] comm(String name) {
        return Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16);
    }

    /** Every kind of record the readers produce, with extreme field values. */
    static List<BlockEvent> kitchenSink() {
        int sda = (8 << 20);
        int dm0 = (253 << 20);
        List<BlockEvent> l = new ArrayList<>();
        l.add(new BlockEvent(1_000_000_000_000L, 0, 0, 0, 0x04000001, 0, sda, 0, 0,
                ByteBuffer.allocate(8).putInt(1700000000).putInt(123).array()));
        l.add(new BlockEvent(1_000_000_000_000L, 0, 0, 0, 0x04000000, 4242, sda, 1, 0, comm("fio")));
        l.add(new BlockEvent(1_000_000_000_100L, 1, 2048, 4096, 0x00100001 | Category.READ, 4242, dm0, 1, 0, null));
        l.add(new BlockEvent(1_000_000_000_200L, 2, 4096, 4096, 0x0010000f | Category.READ, 4242, sda, 1, 0,
                ByteBuffer.allocate(16).putInt(dm0).putInt(sda).putLong(2048).array()));
        l.add(new BlockEvent(1_000_000_000_300L, 3, 0, 0, 0x0010000a, 4242, sda, 1, 0,
                ByteBuffer.allocate(8).putLong(3).array()));
        // u32/u64 extremes: they must come back bit for bit
        l.add(new BlockEvent(Long.MAX_VALUE, -1, -1L, -1, 0x00800008 | Category.WRITE, -1, -1, -1, 65531, null));
        l.add(new BlockEvent(5, 7, 9, 512, 0x04000002 | 0x100, 0, sda, 0, 0,
                "\0\0\0\0\0\0\0\1hello".getBytes(StandardCharsets.ISO_8859_1)));
        l.add(new BlockEvent(6, 8, 0, 36, 0x02400007 | Category.READ, 1, sda, 0, 0,
                new byte[] {0x12, 0, 0, 0, 0x24, 0}));
        l.add(new BlockEvent(7, 9, 0, 0, 0x12345678, 0, sda, 0, 0, new byte[300]));
        return l;
    }

    static List<BlockEvent> readAll(Path file) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        try (ParquetEventSource src = ParquetEventSource.open(file)) {
            for (BlockEvent e; (e = src.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void roundTripIsLosslessAndCarriesMetadata() throws IOException {
        Path file = dir.resolve("events.parquet");
        List<BlockEvent> events = kitchenSink();
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT,
                "blktrace: bundle x", List.of("sda.blktrace.0", "sda.blktrace.1"), Map.of(0, "swapper/0"))) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        assertThat(readAll(file)).containsExactlyElementsOf(events);
        try (ParquetEventSource src = ParquetEventSource.open(file)) {
            StoreMetadata m = src.metadata();
            assertThat(m.source()).isEqualTo("blktrace: bundle x");
            assertThat(m.inputs()).containsExactly("sda.blktrace.0", "sda.blktrace.1");
            assertThat(m.processes()).containsExactly(Map.entry(0, "swapper/0"), Map.entry(4242, "fio"));
            assertThat(m.events()).isEqualTo(events.size());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(file);
        }
    }

    @Test
    void footerKeepsInputDevicesAndDmDumps() throws IOException {
        Path file = dir.resolve("dumps.parquet");
        java.util.TreeMap<String, String> dumps = new java.util.TreeMap<>(Map.of(
                "dmsetup_table", "vg0-lv0: 0 8 linear 8:0 2048\n", "dmsetup_ls", "vg0-lv0\t(253:0)\n"));
        StoreMetadata m = new StoreMetadata("src", List.of("dm-0", "sda"), List.of(), new java.util.TreeMap<>(),
                dumps, 0);
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT, m)) {
            w.write(kitchenSink().get(2));
            w.updateMetadata(x -> x.withInputDevices(List.of("253,0", "8,0")));
            w.commit();
        }
        try (ParquetEventSource src = ParquetEventSource.open(file)) {
            assertThat(src.metadata().inputDevices()).containsExactly("253,0", "8,0");
            assertThat(src.metadata().dumps()).isEqualTo(dumps);
            assertThat(src.metadata().events()).isEqualTo(1);
        }
    }

    @Test
    void bigTraceSpansSeveralRowGroups() throws IOException {
        Path file = dir.resolve("big.parquet");
        Random rnd = new Random(42);
        int n = 50_000;
        List<BlockEvent> events = new ArrayList<>(n);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(5000);
            byte[] pdu = rnd.nextInt(10) == 0 ? ByteBuffer.allocate(8).putLong(rnd.nextLong()).array() : null;
            events.add(new BlockEvent(t, i + 1, rnd.nextLong() >>> 20, rnd.nextInt(256) << 9,
                    0x00100001 + rnd.nextInt(15) | (rnd.nextBoolean() ? Category.READ : Category.WRITE),
                    rnd.nextInt(100), (8 << 20) | (16 * rnd.nextInt(3)), rnd.nextInt(4), rnd.nextInt(3) == 0 ? 65531 : 0,
                    pdu));
        }
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT.withRowGroupRows(10_000),
                "random", List.of(), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            assertThat(w.rows()).isEqualTo(n);
            w.commit();
        }
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(r.getRowGroups()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(r.getRecordCount()).isEqualTo(n);
        }
        assertThat(readAll(file)).containsExactlyElementsOf(events);
    }

    /**
     * The encodings the writer's per-column choices actually produce (measured on a 1M-record striped trace:
     * dropping the dictionaries of the int32 columns saves about 5 % of the encoding CPU but makes the file 22 %
     * larger, so they stay): the nearly all-distinct int64 and sequence columns are delta coded without a dictionary,
     * the few-valued ones get a dictionary, the payload is delta-coded bytes.
     */
    @Test
    void eachColumnGetsTheEncodingChosenForIt() throws IOException {
        Path file = dir.resolve("enc.parquet");
        Random rnd = new Random(7);
        long t = 0;
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT, "random",
                List.of(), Map.of())) {
            for (int i = 0; i < 20_000; i++) {
                t += rnd.nextInt(5000);
                w.write(new BlockEvent(t, i + 1, rnd.nextLong() >>> 20, (1 + rnd.nextInt(16)) << 12,
                        0x00100001 + rnd.nextInt(15) | Category.READ, 100 + rnd.nextInt(4), 8 << 20, rnd.nextInt(2), 0,
                        null));
            }
            w.commit();
        }
        Map<String, Set<Encoding>> enc = new HashMap<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            for (ColumnChunkMetaData c : r.getRowGroups().get(0).getColumns()) {
                enc.put(c.getPath().toDotString(), c.getEncodings());
            }
        }
        for (String delta : List.of(EventSchema.TIME, EventSchema.SEQUENCE, EventSchema.SECTOR)) {
            assertThat(enc.get(delta)).as(delta).containsExactly(Encoding.DELTA_BINARY_PACKED);
        }
        for (String dict : List.of(EventSchema.BYTES, EventSchema.ACTION, EventSchema.PID, EventSchema.DEVICE,
                EventSchema.CPU, EventSchema.ERROR, EventSchema.ACT, EventSchema.RWBS)) {
            assertThat(enc.get(dict)).as(dict).contains(Encoding.RLE_DICTIONARY);
        }
        assertThat(enc.get(EventSchema.PDU)).containsExactly(Encoding.DELTA_BYTE_ARRAY);
    }

    @Test
    void flippedBytesInADataPageAreDetectedNotReplayed() throws IOException {
        Path file = dir.resolve("big.parquet");
        Random rnd = new Random(7);
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT.withRowGroupRows(10_000),
                "random", List.of(), Map.of())) {
            for (int i = 0; i < 50_000; i++) {
                w.write(new BlockEvent(i * 1000L, i + 1, rnd.nextLong() >>> 20, 4096, 0x00100001 | Category.READ, 1,
                        8 << 20, 0, 0, null));
            }
            w.commit();
        }
        byte[] b = Files.readAllBytes(file);
        // 64 bytes in the middle of the column chunks (the footer is at the end)
        for (int i = 0; i < 64; i++) {
            b[b.length / 3 + i] ^= (byte) 0xa5;
        }
        Path damaged = Files.write(dir.resolve("damaged.parquet"), b);
        assertThatThrownBy(() -> readAll(damaged)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(damaged + ": ")
                .hasMessageNotContaining("InputFile@").hasMessageContaining("checksum")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Decoding starts on open: a source closed unread leaves no thread behind and reads again from the start. */
    @Test
    void aSourceClosedUnreadStopsItsDecoder() throws IOException, InterruptedException {
        Path file = dir.resolve("unread.parquet");
        List<BlockEvent> events = RandomEvents.of(11, 40_000);
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT, "x",
                List.of(), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        ParquetEventSource.open(file).close();
        for (int i = 0; i < 100 && decoders() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(decoders()).isZero();
        assertThat(readAll(file)).containsExactlyElementsOf(events);
    }

    private static long decoders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dmreplay-store-reader") && t.isAlive()).count();
    }

    @Test
    void uncommittedWriterLeavesNothing() throws IOException {
        Path file = dir.resolve("never.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT, "x",
                List.of(), Map.of())) {
            for (BlockEvent e : kitchenSink()) {
                w.write(e);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void rejectsFilesThatAreNotEventStores() throws IOException {
        Path text = Files.writeString(dir.resolve("a.parquet"), "hello world, not parquet");
        assertThatThrownBy(() -> ParquetEventSource.open(text)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("byte offset 0")
                .hasMessageContaining("PAR1");

        Path good = dir.resolve("good.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(good, ParquetEventWriter.Options.DEFAULT, "x",
                List.of(), Map.of())) {
            w.write(kitchenSink().get(2));
            w.commit();
        }
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ParquetEventSource.open(truncated)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(truncated.toString());
    }

    @Test
    void metadataRejectsForeignAndNewerFiles() {
        assertThatThrownBy(() -> StoreMetadata.fromKeyValues(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dmreplay.format");
        assertThatThrownBy(() -> StoreMetadata.fromKeyValues(Map.of(EventSchema.KEY_FORMAT, EventSchema.FORMAT_NAME,
                EventSchema.KEY_VERSION, "99"))).hasMessageContaining("version 99");
    }
}
