package dev.dmreplay.ingest.blkparse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte equality with real blkparse 1.2.0 output (src/test/resources/golden, see its README). */
class BlkparseWriterGoldenTest {

    @TempDir
    Path tmp;

    static Path set(String name) {
        try {
            return Path.of(BlkparseWriterGoldenTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> inputs(String set, Path traceDir) {
        List<String> devs = switch (set) {
            case "tiny" -> List.of("sda");
            case "edge" -> List.of("sda", "a-very-long-input-name-to-cut-in-titles");
            default -> List.of("dm-0", "sda", "sdb");
        };
        return devs.stream().map(traceDir::resolve).toList();
    }

    static byte[] render(List<Path> inputs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BlktraceSource src = BlktraceSource.open(inputs, ReadOptions.STRICT)) {
            BlkparseWriter.render(src, out, BlkparseWriter.Options.DEFAULT);
        }
        return out.toByteArray();
    }

    static List<String> eventLines(String text) {
        return text.lines().filter(l -> l.matches("^ *\\d+,\\d+ .*")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "small", "small-be", "small-linear", "edge"})
    void perCpuSetsRenderExactlyAsBlkparse(String name) throws IOException {
        Path set = set(name);
        byte[] expected = Files.readAllBytes(set.resolve("default.txt"));
        assertThat(new String(render(inputs(name, set.resolve("trace"))), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "small", "small-be", "small-linear"})
    void mergedDumpRendersTheSameEventLines(String name) throws IOException {
        Path set = set(name);
        String expected = Files.readString(set.resolve("default.txt"), StandardCharsets.ISO_8859_1);
        String actual = new String(render(List.of(set.resolve("bp.bin"))), StandardCharsets.ISO_8859_1);
        List<String> lines = eventLines(actual);
        assertThat(lines).isNotEmpty().isEqualTo(eventLines(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "small-be"})
    void recordStreamMatchesTheDumpRecordForRecord(String name) throws IOException {
        // blkparse -d writes notes when read ahead and events in merged order (times made relative)
        Path set = set(name);
        List<BlockEvent> mine = new ArrayList<>();
        try (BlktraceSource src = BlktraceSource.open(inputs(name, set.resolve("trace")), ReadOptions.STRICT)) {
            for (BlockEvent e = src.next(); e != null; e = src.next()) {
                mine.add(e);
            }
        }
        List<BlockEvent> dump = new ArrayList<>();
        try (BlktraceSource src = BlktraceSource.open(set.resolve("bp.bin"), ReadOptions.STRICT)) {
            for (BlockEvent e = src.next(); e != null; e = src.next()) {
                dump.add(e);
            }
        }
        assertThat(mine).hasSameSizeAs(dump);
        long genesis = mine.stream().filter(e -> !consumed(e)).findFirst().orElseThrow().time();
        for (int i = 0; i < mine.size(); i++) {
            BlockEvent m = mine.get(i);
            long t = consumed(m) ? m.time() : m.time() - genesis;
            byte[] pdu = m.pdu();
            if (name.endsWith("-be") && m.action() == 0x04000001) {
                // -d rewrites headers in host order but copies payloads verbatim: the dump's TIMESTAMP payload
                // is still big-endian, and a reader of the (little-endian) dump takes it for little-endian
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(pdu);
                pdu = java.nio.ByteBuffer.allocate(8).putInt(Integer.reverseBytes(bb.getInt(0)))
                        .putInt(Integer.reverseBytes(bb.getInt(4))).array();
            }
            assertThat(new BlockEvent(t, m.sequence(), m.sector(), m.bytes(), m.action(), m.pid(), m.device(),
                    m.cpu(), m.error(), pdu)).as("record %d", i).isEqualTo(dump.get(i));
        }
    }

    private static boolean consumed(BlockEvent e) {
        return e.isNotify() && e.action() != 0x04000002;
    }

    @org.junit.jupiter.api.Test
    void edgeCasesMatchBlkparseIncludingWhatItReportsOnStderr() throws IOException {
        // make-edge.py: read-ahead comm, wrong-cpu record, bad fs/pc actions, DRV_DATA, truncated titles
        Path set = set("edge");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BlktraceSource src = BlktraceSource.open(inputs("edge", set.resolve("trace")), ReadOptions.STRICT)) {
            BlkparseWriter w = BlkparseWriter.render(src, out, new BlkparseWriter.Options(false, true,
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8)));
            assertThat(w.sawDriverData()).isTrue();
            assertThat(src.cpuMismatches()).isEqualTo(1);
            assertThat(src.inputs().get(0).files()).extracting(f -> f.cpu()).containsExactly(0, 2);
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(set.resolve("default.txt")));
        // blkparse's stderr minus the cpu-mismatch line, which the reader reports instead of the writer
        List<String> blkparseErr = Files.readAllLines(set.resolve("default.stderr")).stream()
                .filter(l -> !l.contains("trace info has error cpu")).toList();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(blkparseErr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small"})
    void directoryPerCpuFileAndCompressedFilesGiveTheSameText(String name) throws IOException {
        Path set = set(name);
        byte[] expected = Files.readAllBytes(set.resolve("default.txt"));
        // directory: sets in sorted name order dm-0, sda, sdb = the order blkparse was given
        assertThat(render(List.of(set.resolve("trace")))).isEqualTo(expected);
        // a per-CPU file name stands for its set
        List<Path> byFile = List.of(set.resolve("trace/dm-0.blktrace.1"), set.resolve("trace/sda.blktrace.0"),
                set.resolve("trace/sdb"));
        assertThat(render(byFile)).isEqualTo(expected);
        // compressed copies
        Path z = Files.createDirectories(tmp.resolve("z"));
        try (Stream<Path> files = Files.list(set.resolve("trace"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(".blktrace.")).toList()) {
                Path target = z.resolve(f.getFileName() + ".gz");
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(target))) {
                    Files.copy(f, o);
                }
            }
        }
        assertThat(render(inputs(name, z))).isEqualTo(expected);
    }
}
