package dev.dmreplay.ingest.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.blkparse.BlkparseWriter;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.CategoryV2;
import dev.dmreplay.ingest.store.ParquetEventSource;
import dev.dmreplay.ingest.store.ParquetEventWriter;
import dev.dmreplay.ingest.store.StoreMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol version 8 ({@code struct blk_io_trace2}) traces. */
class BlktraceV2Test {
    static final int SDA = 8 << 20;
    /** BLK_TA_QUEUE with the WRITE category: the version 7 layout of the lower half. */
    static final int Q_WRITE = 0x00120001;
    static final int C_WRITE = 0x00820008;
    static final int D_WRITE = 0x00420007;
    static final long ZONE_RESET = 1L << (17 + 16);
    static final long WRITE_ZEROES = 1L << (22 + 16);
    /** __BLK_TA_ZONE_PLUG | BLK_TC_ACT(BLK_TC_QUEUE). */
    static final long ZONE_PLUG = 18 | (0x10L << 16);

    @TempDir
    Path dir;

    @Test
    void layoutFollowsTheKernelHeader() {
        Map<String, Integer> at = Trace2Layout.offsets();
        assertThat(at).containsEntry("magic", 0).containsEntry("sequence", 4).containsEntry("time", 8)
                .containsEntry("sector", 16).containsEntry("bytes", 24).containsEntry("pid", 28)
                .containsEntry("action", 32).containsEntry("device", 40).containsEntry("cpu", 44)
                .containsEntry("error", 48).containsEntry("pdu_len", 50).containsEntry("pad", 52)
                .containsEntry("end", 64);
        assertThat(RecordReader.HEADER_V2).isEqualTo(at.get("end"));
    }

    static List<BlockEvent> read(Path dir) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                out.add(e);
            }
        }
        return out;
    }

    byte[] sample(ByteOrder order) {
        return new TraceBuilderV2(order)
                .record(1, 1000, 2048, 4096, Q_WRITE, 7, SDA, 0, 0, new byte[0])
                .record(2, 1500, 4096, 0, Q_WRITE | ZONE_RESET, 7, SDA, 0, 0, new byte[0])
                .record(3, 1600, 2048, 4096, ZONE_PLUG, 7, SDA, 0, 0, new byte[0])
                .record(4, 2000, 2048, 4096, D_WRITE | WRITE_ZEROES, 7, SDA, 0, 0, new byte[0])
                .record(5, 3000, 2048, 4096, C_WRITE, 7, SDA, 0, 5, new byte[] {1, 2, 3})
                .toBytes();
    }

    @Test
    void fieldsReadBackInEitherByteOrder() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Files.write(dir.resolve("sda.blktrace.0"), sample(order));
            List<BlockEvent> es = read(dir);
            assertThat(es).hasSize(5);
            BlockEvent q = es.get(0);
            assertThat(q.time()).isEqualTo(1000);
            assertThat(q.sequence()).isEqualTo(1);
            assertThat(q.sector()).isEqualTo(2048);
            assertThat(q.bytes()).isEqualTo(4096);
            assertThat(q.pid()).isEqualTo(7);
            assertThat(q.device()).isEqualTo(SDA);
            assertThat(q.action()).isEqualTo(Q_WRITE);
            assertThat(q.kind()).isEqualTo(Action.QUEUE);
            assertThat(q.isV2()).isTrue();
            assertThat(q.actionExt()).isEqualTo(CategoryV2.FROM_V2);
            assertThat(es.get(1).actionExt()).isEqualTo(CategoryV2.FROM_V2 | CategoryV2.ZONE_RESET);
            assertThat(CategoryV2.zoneLetters(es.get(1).actionExt())).isEqualTo("ZR");
            assertThat(es.get(2).kind()).isEqualTo(Action.ZONE_PLUG);
            assertThat(es.get(2).isV2Only()).isTrue();
            assertThat(es.get(3).actionExt() & CategoryV2.WRITE_ZEROES).isNotZero();
            assertThat(es.get(4).error()).isEqualTo(5);
            assertThat(es.get(4).pdu()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void version7AndVersion8RecordsMayFollowEachOther() throws IOException {
        byte[] v7 = TraceBuilder.le(0).raw(TraceBuilder.MAGIC7, 1, 10, 8, 512, TraceBuilder.Q_READ, 1, SDA, 0, 0,
                new byte[0], 0).toBytes();
        byte[] v8 = new TraceBuilderV2(ByteOrder.LITTLE_ENDIAN).record(2, 20, 16, 512, Q_WRITE, 1, SDA, 0, 0,
                new byte[0]).toBytes();
        Files.write(dir.resolve("sda.blktrace.0"), concat(v7, v8));
        List<BlockEvent> es = read(dir);
        assertThat(es).extracting(BlockEvent::isV2).containsExactly(false, true);
        assertThat(es).extracting(BlockEvent::sector).containsExactly(8L, 16L);
    }

    @Test
    void truncatedVersion8HeaderNamesItsOffset() throws IOException {
        byte[] one = new TraceBuilderV2(ByteOrder.LITTLE_ENDIAN).record(1, 20, 16, 512, Q_WRITE, 1, SDA, 0, 0,
                new byte[0]).toBytes();
        byte[] cut = new byte[one.length + 50];
        System.arraycopy(one, 0, cut, 0, one.length);
        System.arraycopy(one, 0, cut, one.length, 50);
        Files.write(dir.resolve("sda.blktrace.0"), cut);
        assertThatThrownBy(() -> read(dir)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 64: truncated record: a version 8 header needs 64 bytes, only 50");
    }

    @Test
    void blkparseRendersTheVersion7EquivalentAndLeavesOutZonePlugEvents() throws IOException {
        Files.write(dir.resolve("sda.blktrace.0"), sample(ByteOrder.LITTLE_ENDIAN));
        String v2Text;
        BlkparseWriter w;
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            w = BlkparseWriter.render(s, bos, BlkparseWriter.Options.DEFAULT);
            v2Text = bos.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(w.v2OnlyEvents()).isEqualTo(1);
        // the same events as version 7 records, without the zone plug event, render identically
        Path v7dir = Files.createDirectory(dir.resolve("v7"));
        Files.write(v7dir.resolve("sda.blktrace.0"), TraceBuilder.le(0)
                .raw(TraceBuilder.MAGIC7, 1, 1000, 2048, 4096, Q_WRITE, 7, SDA, 0, 0, new byte[0], 0)
                .raw(TraceBuilder.MAGIC7, 2, 1500, 4096, 0, Q_WRITE, 7, SDA, 0, 0, new byte[0], 0)
                .raw(TraceBuilder.MAGIC7, 4, 2000, 2048, 4096, D_WRITE, 7, SDA, 0, 0, new byte[0], 0)
                .raw(TraceBuilder.MAGIC7, 5, 3000, 2048, 4096, C_WRITE, 7, SDA, 0, 5, new byte[] {1, 2, 3}, 3)
                .toBytes());
        String v7Text;
        try (BlktraceSource s = BlktraceSource.open(v7dir.resolve("sda"), ReadOptions.STRICT)) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            BlkparseWriter.render(s, bos, BlkparseWriter.Options.DEFAULT);
            v7Text = bos.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(v2Text).isEqualTo(v7Text);
        assertThat(v2Text).contains("  Q   W [(null)]"); // a zone reset: a zero-length write in version 7 terms
    }

    @Test
    void parquetStoreKeepsTheZoneCategories() throws IOException {
        Files.write(dir.resolve("sda.blktrace.0"), sample(ByteOrder.BIG_ENDIAN));
        List<BlockEvent> original = read(dir);
        Path store = dir.resolve("e.parquet");
        StoreMetadata m = new StoreMetadata("test", List.of("sda"), List.of(), new TreeMap<>(), new TreeMap<>(), 0);
        try (ParquetEventWriter w = ParquetEventWriter.create(store, ParquetEventWriter.Options.DEFAULT, m);
             BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            w.writeAll(s);
            w.commit();
        }
        List<BlockEvent> back = new ArrayList<>();
        try (ParquetEventSource s = ParquetEventSource.open(store)) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                back.add(e);
            }
        }
        assertThat(back).containsExactlyElementsOf(original);
        assertThat(back.get(2).kind()).isEqualTo(Action.ZONE_PLUG);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
