package dev.dmreplay.analyze.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The raw per-CPU files (merged by the blktrace reader as blkparse does) give the same btt report as the
 * {@code blkparse -d} dump btt itself read, and so does the dump read through the same reader.
 */
class PerCpuTraceTest {

    static Path resourceDir(String name) throws Exception {
        return Path.of(PerCpuTraceTest.class.getResource(name).toURI());
    }

    static String golden(String set) throws Exception {
        try (InputStream in = PerCpuTraceTest.class.getResourceAsStream("/btt/" + set + "/btt-A.avg")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multicpu", "striped", "linear", "bigendian"})
    void perCpuFilesGiveBttsReport(String set) throws Exception {
        Path trace = resourceDir("/btt/" + set + "/trace");
        Analysis a;
        try (BlktraceSource src = BlktraceSource.open(trace, ReadOptions.STRICT)) {
            a = TraceAnalyzer.analyze(src, TraceAnalyzer.DEFAULT_MAX_IN_FLIGHT, true);
        }
        assertThat(a.bttReport(true)).isEqualTo(golden(set));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "striped", "handmade"})
    void dumpThroughTheReaderGivesBttsReport(String set) throws Exception {
        Path dump = resourceDir("/btt/" + set + "/bp.bin");
        Analysis a;
        try (BlktraceSource src = BlktraceSource.open(dump, ReadOptions.STRICT)) {
            a = TraceAnalyzer.analyze(src, TraceAnalyzer.DEFAULT_MAX_IN_FLIGHT, false);
        }
        assertThat(a.bttReport(true)).isEqualTo(golden(set));
        assertThat(a.evicted()).isZero();
    }
}
