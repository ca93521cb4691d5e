package dev.dmreplay.ingest.bench;

import dev.dmreplay.ingest.blkparse.BlkparseWriter;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
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
 * Binary blktrace ingest throughput; scores are events per second (one operation = one record). Run with
 * {@code bench/ingest.sh --jmh} or see docs/PERFORMANCE.md.
 *
 * <ul>
 *   <li>{@code decodeOneFile}: one 1M-record file read through {@link BlktraceSource} (decoding only);</li>
 *   <li>{@code decodeAndMerge}: the same records as 4 per-CPU files merged in blkparse order;</li>
 *   <li>{@code renderBlkparse}: decode, merge and render blkparse text into a discarding stream.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class BlktraceIngestBench {
    static final int EVENTS = 1 << 20;
    /** Plus one PROCESS note per file. */
    static final int CPUS = 4;

    private Path dir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("dmreplay-bench");
        SyntheticTrace.write(dir, "one", 1, EVENTS);
        SyntheticTrace.write(dir, "sda", CPUS, EVENTS / CPUS);
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
    @OperationsPerInvocation(EVENTS)
    public long decodeOneFile(Blackhole bh) throws IOException {
        return drain(dir.resolve("one"), bh);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long decodeAndMerge(Blackhole bh) throws IOException {
        return drain(dir.resolve("sda"), bh);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long renderBlkparse() throws IOException {
        try (BlktraceSource src = BlktraceSource.open(dir.resolve("sda"), ReadOptions.STRICT)) {
            return BlkparseWriter.render(src, OutputStream.nullOutputStream(), BlkparseWriter.Options.DEFAULT).lines();
        }
    }

    private static long drain(Path p, Blackhole bh) throws IOException {
        return BenchSupport.drain(BlktraceSource.open(p, ReadOptions.STRICT), bh);
    }

    /** Runs this class's benchmarks: {@code java -cp <test classpath> ...BlktraceIngestBench [jmh options]}. */
    public static void main(String[] args) throws Exception {
        BenchSupport.runJmh(BlktraceIngestBench.class, args);
    }
}
