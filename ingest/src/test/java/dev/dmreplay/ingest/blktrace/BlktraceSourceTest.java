package dev.dmreplay.ingest.blktrace;

import static dev.dmreplay.ingest.blktrace.TraceBuilder.C_READ;
import static dev.dmreplay.ingest.blktrace.TraceBuilder.Q_READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlktraceSourceTest {

    @TempDir
    Path dir;

    private static List<BlockEvent> readAll(BlktraceSource s) throws IOException {
        List<BlockEvent> all = new ArrayList<>();
        for (BlockEvent e = s.next(); e != null; e = s.next()) {
            all.add(e);
        }
        return all;
    }

    private static List<String> cpuSeq(List<BlockEvent> events) {
        return events.stream().filter(e -> !e.isNotify()).map(e -> e.cpu() + ":" + e.sequence()).toList();
    }

    @Test
    void decodesEveryHeaderFieldInBothByteOrders() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Path d = Files.createDirectories(dir.resolve(order.toString()));
            byte[] remap = ByteBuffer.allocate(16).putInt((253 << 20) | 1).putInt(8 << 20).putLong(4096).array();
            new TraceBuilder(order, 0)
                    .raw(TraceBuilder.MAGIC7, 9, 123_456_789_012L, 1L << 40, 4096, 0x0011000f, 4242, 8 << 20, 0,
                            65531, remap, 16)
                    .write(d.resolve("sda.blktrace.0"));
            try (BlktraceSource s = BlktraceSource.open(d.resolve("sda"), ReadOptions.STRICT)) {
                BlockEvent e = s.next();
                assertThat(e).isEqualTo(new BlockEvent(123_456_789_012L, 9, 1L << 40, 4096, 0x0011000f, 4242,
                        8 << 20, 0, 65531, remap));
                assertThat(e.remapFromDevice()).isEqualTo((253 << 20) | 1);
                assertThat(s.next()).isNull();
                assertThat(s.inputs()).containsExactly(new BlktraceInput("sda",
                        List.of(new CpuFile(0, d.resolve("sda.blktrace.0"))), 8 << 20));
            }
        }
    }

    @Test
    void timestampPayloadIsNormalisedToBigEndian() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Path d = Files.createDirectories(dir.resolve("ts-" + order));
            new TraceBuilder(order, 0).timestamp(5, 1_700_000_000, 123).event(10, Q_READ, 8, 4096, 1)
                    .write(d.resolve("sda.blktrace.0"));
            try (BlktraceSource s = BlktraceSource.open(d.resolve("sda"), ReadOptions.STRICT)) {
                BlockEvent ts = s.next();
                assertThat(ts.kind()).isEqualTo(Action.NOTIFY_TIMESTAMP);
                ByteBuffer p = ByteBuffer.wrap(ts.pdu());
                assertThat(p.getInt(0)).isEqualTo(1_700_000_000);
                assertThat(p.getInt(4)).isEqualTo(123);
            }
        }
    }

    @Test
    void onTiesTheCurrentStreamKeepsGoing() throws IOException {
        TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1).event(20, Q_READ, 8, 512, 1).event(20, Q_READ, 16, 512, 1)
                .write(dir.resolve("sda.blktrace.0"));
        TraceBuilder.le(1).event(10, Q_READ, 100, 512, 1).event(20, Q_READ, 108, 512, 1)
                .write(dir.resolve("sda.blktrace.1"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            // worked through ms_sort/ms_resort by hand: cpu1 takes over at 10 and keeps going on the tie at 20
            assertThat(cpuSeq(readAll(s))).containsExactly("0:1", "1:1", "1:2", "0:2", "0:3");
        }
    }

    @Test
    void reinsertedStreamGoesBeforeEqualHeadsButNotBeforeTheFirst() throws IOException {
        TraceBuilder.le(0).event(5, Q_READ, 0, 512, 1).event(30, Q_READ, 8, 512, 1)
                .write(dir.resolve("sda.blktrace.0"));
        TraceBuilder.le(1).event(10, Q_READ, 0, 512, 1).event(30, Q_READ, 8, 512, 1)
                .write(dir.resolve("sda.blktrace.1"));
        TraceBuilder.le(2).event(20, Q_READ, 0, 512, 1).write(dir.resolve("sda.blktrace.2"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda.blktrace.1"), ReadOptions.STRICT)) {
            assertThat(cpuSeq(readAll(s))).containsExactly("0:1", "1:1", "2:1", "1:2", "0:2");
        }
    }

    @Test
    void processNotesAreKnownOnlyOnceTheirBatchIsReadAhead() throws IOException {
        TraceBuilder cpu0 = TraceBuilder.le(0).process(0, 1, "one").process(1, 1, "other-name");
        for (int i = 0; i < 600; i++) {
            cpu0.event(1000 + i, Q_READ, i * 8L, 4096, 1);
            if (i == 549) {
                cpu0.process(1549, 2, "two");
            }
        }
        cpu0.write(dir.resolve("sda.blktrace.0"));
        TraceBuilder.le(1).event(1100, Q_READ, 0, 4096, 2).event(1590, Q_READ, 8, 4096, 2)
                .write(dir.resolve("sda.blktrace.1"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            List<String> commOfPid2 = new ArrayList<>();
            BlockEvent previous = null;
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                if (e.kind() == Action.NOTIFY_PROCESS && e.pid() == 2) {
                    // read ahead when cpu0's first batch of 512 (times 1000..1511) ran out
                    assertThat(previous.time()).isEqualTo(1511);
                }
                if (!e.isNotify() && e.pid() == 2) {
                    commOfPid2.add(s.comm(2));
                }
                previous = e;
            }
            assertThat(commOfPid2).containsExactly(null, "two");
            assertThat(s.comm(1)).isEqualTo("one");
        }
    }

    @Test
    void recordOnTheWrongCpuIsSkippedAndCountedEvenWhenStrict() throws IOException {
        TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1)
                .raw(TraceBuilder.MAGIC7, 2, 11, 8, 512, Q_READ, 1, TraceBuilder.DEV_SDA, 3, 0, new byte[0], 0)
                .event(12, C_READ, 0, 512, 0).write(dir.resolve("sda.blktrace.0"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            assertThat(readAll(s)).extracting(BlockEvent::time).containsExactly(10L, 12L);
            assertThat(s.cpuMismatches()).isEqualTo(1);
            assertThat(s.cpuMismatchReports()).singleElement().asString()
                    .contains("sda.blktrace.0: byte offset 48: cpu 0 trace info has error cpu 3");
        }
    }

    @Test
    void cpuScanSkipsEmptyFilesAndStopsAtTheFirstMissingNumber() throws IOException {
        Files.write(dir.resolve("sda.blktrace.0"), new byte[0]);
        TraceBuilder.le(1).event(10, Q_READ, 0, 512, 1).write(dir.resolve("sda.blktrace.1"));
        TraceBuilder.le(3).event(5, Q_READ, 0, 512, 1).write(dir.resolve("sda.blktrace.3"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            assertThat(s.inputs().get(0).files()).extracting(CpuFile::cpu).containsExactly(1);
            assertThat(cpuSeq(readAll(s))).containsExactly("1:1");
        }
    }

    @Test
    void directoryOpensEverySetInSortedNameOrder() throws IOException {
        TraceBuilder.le(0).event(20, Q_READ, 0, 512, 1).write(dir.resolve("sdb.blktrace.0"));
        TraceBuilder.le(0).event(20, Q_READ, 0, 512, 1).write(dir.resolve("dm-0.blktrace.0"));
        TraceBuilder.le(0).event(20, Q_READ, 0, 512, 1).write(dir.resolve("sda.blktrace.0"));
        Files.writeString(dir.resolve("notes.txt"), "not a trace");
        try (BlktraceSource s = BlktraceSource.open(dir, ReadOptions.STRICT)) {
            assertThat(s.inputs()).extracting(BlktraceInput::name).containsExactly("dm-0", "sda", "sdb");
            List<Integer> inputs = new ArrayList<>();
            while (s.next() != null) {
                inputs.add(s.currentInput());
            }
            // all heads equal: each newly primed stream goes right after the first (ms_sort), so 0, 2, 1
            assertThat(inputs).containsExactly(0, 2, 1);
        }
    }

    @Test
    void compressedPerCpuFilesReadLikePlainOnes() throws IOException {
        byte[] cpu0 = TraceBuilder.le(0).process(0, 1, "fio").event(10, Q_READ, 0, 4096, 1).toBytes();
        byte[] cpu1 = TraceBuilder.le(1).event(11, Q_READ, 8, 4096, 1).toBytes();
        byte[] cpu2 = TraceBuilder.le(2).event(12, Q_READ, 16, 4096, 1).toBytes();
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("sda.blktrace.0.gz")))) {
            o.write(cpu0);
        }
        try (OutputStream o = new org.tukaani.xz.XZOutputStream(Files.newOutputStream(dir.resolve("sda.blktrace.1.xz")),
                new org.tukaani.xz.LZMA2Options())) {
            o.write(cpu1);
        }
        try (OutputStream o = new com.github.luben.zstd.ZstdOutputStream(
                Files.newOutputStream(dir.resolve("sda.blktrace.2.zst")))) {
            o.write(cpu2);
        }
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            assertThat(cpuSeq(readAll(s))).containsExactly("0:1", "1:1", "2:1");
            assertThat(s.comm(1)).isEqualTo("fio");
        }
    }

    @Test
    void largestPayloadsFitWithManyFilesOpen() throws IOException {
        // 20 CPU files: the small per-file buffer must still hold a record with the largest payload accepted
        byte[] big = new byte[RecordReader.MAX_PDU];
        big[RecordReader.MAX_PDU - 1] = 42;
        for (int cpu = 0; cpu < 20; cpu++) {
            TraceBuilder b = TraceBuilder.le(cpu);
            for (int i = 0; i < 5; i++) {
                b.event(100L * i + cpu, 0x40010011, i, 512, 1, big);
            }
            b.write(dir.resolve("sda.blktrace." + cpu));
        }
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            List<BlockEvent> all = readAll(s);
            assertThat(all).hasSize(100).allSatisfy(e -> assertThat(e.pdu()).hasSize(RecordReader.MAX_PDU).endsWith(42));
            assertThat(all).extracting(BlockEvent::time).isSorted();
        }
    }

    @Test
    void corruptCompressedFileIsAFormatError() throws IOException {
        Files.write(dir.resolve("sda.blktrace.0.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7});
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("sda.blktrace.0.gz")
                .hasMessageContaining("corrupt compressed data");
    }

    @Test
    void singleFileWithOtherNameIsAMergedDumpInFileOrder() throws IOException {
        byte[] a = TraceBuilder.le(1).event(30, Q_READ, 0, 512, 1).toBytes();
        byte[] b = TraceBuilder.le(0).event(10, Q_READ, 8, 512, 1).toBytes();
        Path f = dir.resolve("bp.bin");
        Files.write(f, a);
        Files.write(f, b, java.nio.file.StandardOpenOption.APPEND);
        try (BlktraceSource s = BlktraceSource.open(f, ReadOptions.STRICT)) {
            assertThat(s.inputs().get(0).merged()).isTrue();
            List<BlockEvent> all = readAll(s);
            assertThat(cpuSeq(all)).containsExactly("1:1", "0:1");
            assertThat(s.cpuMismatches()).isZero();
        }
    }

    // ---- bad input ----

    private Path oneFile(byte[] content) throws IOException {
        return Files.write(dir.resolve("sda.blktrace.0"), content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void truncatedHeaderNamesFileAndOffset() throws IOException {
        byte[] good = TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1).toBytes();
        oneFile(concat(good, new byte[20]));
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.source()).endsWith("sda.blktrace.0");
                    assertThat(e.position()).isEqualTo(48);
                    assertThat(e.unit()).isEqualTo(TraceFormatException.Unit.BYTE);
                    assertThat(e.getMessage()).contains("truncated record: header needs 48 bytes, only 20 left");
                });
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).hasSize(1);
            // 20 bytes cannot hold a record: one damaged stretch, no record lost
            assertThat(s.skipped()).extracting(SkipReport::stretches, SkipReport::bytes, SkipReport::count,
                    SkipReport::atMost).containsExactly(1L, 20L, 0L, 0L);
            assertThat(s.skipped().first().get(0)).contains("byte offset 48")
                    .endsWith("(rest of file skipped: 20 bytes, no valid record follows)");
        }
    }

    @Test
    void truncatedPayloadIsReported() throws IOException {
        byte[] rec = TraceBuilder.le(0).event(10, 0x0011000d, 0, 512, 1, new byte[8]).toBytes();
        oneFile(java.util.Arrays.copyOf(rec, rec.length - 3));
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 0: truncated record: payload of 8 bytes runs past the end");
    }

    @Test
    void badMagicIsSkippedToTheNextValidRecord() throws IOException {
        TraceBuilder tb = TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1);
        tb.raw(0xdeadbeef, 2, 11, 0, 512, Q_READ, 1, 0, 0, 0, new byte[0], 0);
        tb.raw(TraceBuilder.MAGIC7, 3, 12, 8, 512, Q_READ, 1, TraceBuilder.DEV_SDA, 0, 0, new byte[0], 0);
        oneFile(tb.toBytes());
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("byte offset 48: bad magic 0xdeadbeef");
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).hasSize(2);
            assertThat(s.skipped().count()).isEqualTo(1);
            assertThat(s.skipped().stretches()).isEqualTo(1);
            assertThat(s.skipped().bytes()).isEqualTo(48);
            assertThat(s.skipped().first().get(0)).endsWith("(skipped 48 bytes to the next valid record)");
        }
    }

    @Test
    void lenientReadingResumesAfterACorruptRegionAndCountsExactlyWhatItSkipped() throws IOException {
        TraceBuilder b = TraceBuilder.le(0);
        for (int i = 0; i < 200; i++) {
            b.event(1000 + i, Q_READ, 8L * i, 4096, 1);
        }
        byte[] file = b.toBytes();
        // 64 bytes overwritten from the middle of record 100 on: records 100 and 101 are damaged
        java.util.Arrays.fill(file, 100 * 48 + 10, 100 * 48 + 74, (byte) 0x5a);
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            List<BlockEvent> es = readAll(s);
            assertThat(es).hasSize(198);
            assertThat(es).extracting(BlockEvent::sector).doesNotContain(800L, 808L).contains(792L, 816L);
            assertThat(s.skipped().count()).isEqualTo(2);
            assertThat(s.skipped().stretches()).isEqualTo(1);
            assertThat(s.skipped().bytes()).isEqualTo(96);
            assertThat(s.skipped().atMost()).isZero();
        }
    }

    @Test
    void recordsLostInAStretchAreCountedBySequenceNumberWhateverTheirSizes() throws IOException {
        final int REMAP = 0x0801000d; // BLK_TA_REMAP of a read: BLK_TC_REMAP | BLK_TC_READ, __BLK_TA_REMAP
        // remaps carry a 16-byte payload, notes none of the sequence: 3 plain events, 2 remaps and a note in between
        TraceBuilder b = TraceBuilder.le(0);
        b.event(100, Q_READ, 0, 4096, 1);
        b.event(101, Q_READ, 8, 4096, 1);
        int from = b.toBytes().length;
        b.event(102, Q_READ, 16, 4096, 1);
        b.event(103, REMAP, 24, 4096, 1, new byte[16]);
        b.process(104, 7, "fio");
        b.event(105, REMAP, 32, 4096, 1, new byte[16]);
        b.event(106, Q_READ, 40, 4096, 1);
        b.event(107, Q_READ, 48, 4096, 1);
        int to = b.toBytes().length;
        b.event(108, Q_READ, 56, 4096, 1);
        byte[] file = b.toBytes();
        // the damage runs from the third event's magic into the eighth record: five events and the note are lost
        java.util.Arrays.fill(file, from, to - 20, (byte) 0);
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).extracting(BlockEvent::sector).containsExactly(0L, 8L, 56L);
            assertThat(s.skipped()).extracting(SkipReport::count, SkipReport::stretches, SkipReport::bytes,
                    SkipReport::atMost).containsExactly(5L, 1L, 5L * 48 + 2 * 16 + 64, 2L);
            // the note is not numbered: the 96 bytes the five events (counted at 48 bytes each) leave unexplained
            // could hold at most two more records
            assertThat(s.skipped().summary()).isEqualTo("skipped 5 event records and up to 2 uncounted records"
                    + " (336 bytes) in 1 damaged stretch");
        }
    }

    @Test
    void fiveEventsOfMixedSizesIn272BytesAreCountedExactly() throws IOException {
        final int REMAP = 0x0801000d;
        TraceBuilder b = TraceBuilder.le(0).event(100, Q_READ, 0, 4096, 1);
        int from = b.toBytes().length;
        b.event(101, Q_READ, 8, 4096, 1).event(102, REMAP, 16, 4096, 1, new byte[16]).event(103, Q_READ, 24, 4096, 1)
                .event(104, REMAP, 32, 4096, 1, new byte[16]).event(105, Q_READ, 40, 4096, 1);
        int to = b.toBytes().length;
        b.event(106, Q_READ, 48, 4096, 1);
        byte[] file = b.toBytes();
        java.util.Arrays.fill(file, from, to - 1, (byte) 0xff);
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).extracting(BlockEvent::sector).containsExactly(0L, 48L);
            assertThat(s.skipped()).extracting(SkipReport::count, SkipReport::bytes, SkipReport::atMost)
                    .containsExactly(5L, 272L, 0L);
            assertThat(s.skipped().summary()).isEqualTo("skipped 5 event records (272 bytes) in 1 damaged stretch");
        }
    }

    @Test
    void aDamagedPayloadLengthDoesNotSwallowTheRecordsAfterIt() throws IOException {
        TraceBuilder b = TraceBuilder.le(0);
        for (int i = 0; i < 100; i++) {
            b.event(1000 + i, Q_READ, 8L * i, 4096, 1);
        }
        byte[] file = b.toBytes();
        // junk from the middle of record 40 to the middle of record 60: record 40 keeps its magic, but its pdu_len
        // (bytes 46-47) reads 0x5a5a = 23130, which taken at face value would eat the rest of the file
        java.util.Arrays.fill(file, 40 * 48 + 40, 60 * 48 + 24, (byte) 0x5a);
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).hasSize(79);
            assertThat(s.skipped()).extracting(SkipReport::count, SkipReport::bytes, SkipReport::atMost)
                    .containsExactly(21L, 21L * 48, 0L);
        }
        assertThatThrownBy(() -> {
            try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
                readAll(s);
            }
        }).isInstanceOf(TraceFormatException.class).hasMessageContaining("byte offset " + 40 * 48)
                .hasMessageContaining("implausible payload length 23130");
    }

    @Test
    void aDamagedTailIsBoundedNotCounted() throws IOException {
        TraceBuilder b = TraceBuilder.le(0);
        for (int i = 0; i < 10; i++) {
            b.event(1000 + i, Q_READ, 8L * i, 4096, 1);
        }
        byte[] file = b.toBytes();
        // from the middle of record 6 to the end: records 6..9 (4 of them, 208 bytes from the damage on) are gone
        java.util.Arrays.fill(file, 6 * 48 + 2, file.length, (byte) 0x77);
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).hasSize(6);
            assertThat(s.skipped()).extracting(SkipReport::count, SkipReport::stretches, SkipReport::bytes,
                    SkipReport::atMost).containsExactly(0L, 1L, 4L * 48, 4L);
            assertThat(s.skipped().summary()).isEqualTo("skipped 0 event records and up to 4 uncounted records"
                    + " (192 bytes) in 1 damaged stretch");
        }
    }

    @Test
    void twoStretchesAreCountedApart() throws IOException {
        TraceBuilder b = TraceBuilder.le(0);
        for (int i = 0; i < 50; i++) {
            b.event(1000 + i, Q_READ, 8L * i, 4096, 1);
        }
        byte[] file = b.toBytes();
        java.util.Arrays.fill(file, 10 * 48, 10 * 48 + 4, (byte) 0); // record 10
        java.util.Arrays.fill(file, 30 * 48, 33 * 48 + 1, (byte) 0); // records 30..33
        oneFile(file);
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.LENIENT)) {
            assertThat(readAll(s)).hasSize(45);
            assertThat(s.skipped()).extracting(SkipReport::count, SkipReport::stretches, SkipReport::bytes)
                    .containsExactly(5L, 2L, 5L * 48);
        }
    }

    @Test
    void aRecordOfTheOtherByteOrderIsNamedAsSuch() throws IOException {
        byte[] le = TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1).toBytes();
        byte[] be = new TraceBuilder(ByteOrder.BIG_ENDIAN, 0).event(20, Q_READ, 8, 512, 1).toBytes();
        oneFile(concat(le, be));
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("byte offset 48: a big-endian record in a trace whose first record was"
                        + " little-endian");
    }

    @Test
    void offsetsInCompressedFilesSayTheyAreDecompressedOffsets() throws IOException {
        byte[] good = TraceBuilder.le(0).event(10, Q_READ, 0, 512, 1).toBytes();
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
            gz.write(concat(good, new byte[20]));
        }
        Files.write(dir.resolve("sda.blktrace.0.gz"), bos.toByteArray());
        assertThatThrownBy(() -> readAll(BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("sda.blktrace.0.gz: byte offset 48 of the decompressed data: truncated record");
    }

    @Test
    void otherVersionsAreUnsupported() throws IOException {
        oneFile(new TraceBuilder(ByteOrder.BIG_ENDIAN, 0)
                .raw(0x65617406, 1, 10, 0, 512, Q_READ, 1, 0, 0, 0, new byte[0], 0).toBytes());
        assertThatThrownBy(() -> BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("unsupported trace version 6");
    }

    @Test
    void emptyInputsAreFormatErrors() throws IOException {
        assertThatThrownBy(() -> BlktraceSource.open(List.of(), ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("no input given");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> BlktraceSource.open(empty, ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("directory holds no blktrace files");
        Path merged = Files.write(dir.resolve("dump.bin"), new byte[0]);
        assertThatThrownBy(() -> BlktraceSource.open(merged, ReadOptions.LENIENT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("dump.bin: byte offset 0: empty file");
        assertThatThrownBy(() -> BlktraceSource.open(dir.resolve("nvme0n1"), ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("no input files found");
        Files.write(dir.resolve("sdc.blktrace.0"), new byte[0]);
        assertThatThrownBy(() -> BlktraceSource.open(dir.resolve("sdc"), ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("every per-CPU file has length 0");
    }

    @Test
    void cgroupMessageTextFollowsTheCgroupId() throws IOException {
        byte[] pdu = concat(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "hello".getBytes());
        TraceBuilder.le(0).raw(TraceBuilder.MAGIC7, 0, 5, 0, 0, TraceBuilder.TN_MESSAGE | 0x100, 0,
                TraceBuilder.DEV_SDA, 0, 0, pdu, pdu.length).event(10, Q_READ, 0, 512, 1)
                .write(dir.resolve("sda.blktrace.0"));
        try (BlktraceSource s = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            BlockEvent m = s.next();
            assertThat(m.kind()).isEqualTo(Action.NOTIFY_MESSAGE);
            assertThat(m.text()).isEqualTo("hello");
        }
    }
}
