package dev.dmreplay.ingest.bench;

import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.blkparse.BlkparseWriter;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.csv.CsvTraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Text ingest throughput; scores are input lines per second.
 *
 * <ul>
 *   <li>{@code blkparseText}: 1M event lines of blkparse default text (rendered by {@link BlkparseWriter} from a
 *       synthetic binary trace) read by {@link BlkparseTextSource};</li>
 *   <li>{@code msrCsv}: 1M MSR Cambridge lines (7 fields, nearly sorted) read by {@link CsvTraceSource}, which
 *       emits a Q and a C per line.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class TextIngestBench {
    static final int LINES = 1 << 20;

    private Path dir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("dmreplay-textbench");
        SyntheticTrace.write(dir, "sda", 1, LINES);
        try (BlktraceSource src = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT);
             OutputStream out = Files.newOutputStream(dir.resolve("sda.txt"))) {
            BlkparseWriter.render(src, out, BlkparseWriter.Options.DEFAULT);
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("msr.csv"), StandardCharsets.US_ASCII)) {
            long t = 128166372003061629L;
            String[] hosts = {"hm", "src1", "prxy", "usr"};
            for (int i = 0; i < LINES; i++) {
                // arrivals 10 us apart, every 64th record 3 us early: nearly sorted as the published traces are
                long ts = t + i * 100L - ((i & 63) == 0 ? 30 : 0);
                w.write(ts + "," + hosts[i & 3] + "," + (i % 3) + "," + ((i & 1) == 0 ? "Read" : "Write") + ","
                        + (4096L * ((i * 7919L) % 10_000_000L)) + "," + (4096 << (i % 4)) + "," + (500 + i % 977)
                        + "\n");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long blkparseText(Blackhole bh) throws IOException {
        return drain(BlkparseTextSource.open(dir.resolve("sda.txt"), ReadOptions.STRICT), bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long msrCsv(Blackhole bh) throws IOException {
        return drain(CsvTraceSource.open(dir.resolve("msr.csv"), ReadOptions.STRICT), bh);
    }

    private static long drain(EventSource src, Blackhole bh) throws IOException {
        return BenchSupport.drain(src, bh);
    }

    /** Runs this class's benchmarks: {@code java -cp <test classpath> ...TextIngestBench [jmh options]}. */
    public static void main(String[] args) throws Exception {
        BenchSupport.runJmh(TextIngestBench.class, args);
    }
}
