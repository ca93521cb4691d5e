package dev.dmreplay.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.batch.BatchPlan;
import dev.dmreplay.analyze.batch.LocalBatch;
import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.analyze.batch.RunTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Spark job on {@code local[2]} against the local batch on the same inputs (two good bundles and a broken
 * per-CPU file under BARE and DF with hard pressure: a deadlock, fine runs and failed rows in 6 runs, kept small
 * because Spark's start and per-task overhead dominate the test's time): the same rows, a FAILED row for the bad
 * trace, the same schema; and a batch of foreign traces placed onto one table, whose run directories are byte for
 * byte the local batch's.
 */
class SparkBatchTest {
    private static final Comparator<RunRow> ORDER = Comparator.comparing(RunRow::trace)
            .thenComparing(RunRow::strategy).thenComparing(RunRow::pressure);

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static List<RunSpec> specs;
    static List<RunRow> sparkRows;
    static List<RunRow> localRows;
    static List<RunSpec> placedSpecs;
    static List<RunRow> placedSparkRows;
    static List<RunRow> placedLocalRows;

    @BeforeAll
    static void runBoth() throws Exception {
        Path traces = traces();
        Files.write(tmp.resolve("broken.blktrace.0"), new byte[] {0x65, 0x61, 0x74, 0x00, 1, 2, 3});
        Path list = Files.write(tmp.resolve("traces.list"), List.of(
                traces.resolve("oracle-small").toString(), "broken.blktrace.0",
                traces.resolve("linear-small").toString()));
        SparkMain.Batch args = parse(list.toString(), "--strategy", "BARE,DF", "--pressure", "hard", "-o", "x");
        Configuration conf = new Configuration();
        RunLimits limits = args.plan(conf).limits();
        specs = SparkMain.specs(args.plan(conf), args.traces(conf));
        SparkMain.Batch placed = parse(placementInputs().toString(), "--table", table().toString(), "--place",
                "--fit", "scale", "--sample", "0.8", "--seed", "3", "--strategy", "MODERN", "--pressure", "none,hard",
                "-o", "x");
        BatchPlan placedPlan = placed.plan(conf);
        placedSpecs = SparkMain.specs(placedPlan, placed.traces(conf));

        long t0 = System.nanoTime();
        spark = SparkSession.builder().master("local[2]").appName("dmreplay test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        long t1 = System.nanoTime();
        SparkBatch.run(spark, specs, limits, tmp.resolve("spark").toString());
        sparkRows = spark.read().parquet(tmp.resolve("spark/runs.parquet").toString()).collectAsList().stream()
                .map(RunRows::fromRow).sorted(ORDER).toList();
        long t2 = System.nanoTime();
        localRows = LocalBatch.run(specs, tmp.resolve("local"), limits, 2, null).rows();
        RunTable.writeParquet(localRows, tmp.resolve("local/runs.parquet"));
        long t3 = System.nanoTime();
        System.err.printf("spark start %.1f s, spark job %.1f s, local batch -j 2 %.1f s (%d runs)%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t3 - t2) / 1e9, specs.size());
        placedSparkRows = SparkBatch.run(spark, placedSpecs, placedPlan.limits(), tmp.resolve("spark-placed").toString());
        placedLocalRows = LocalBatch.run(placedSpecs, tmp.resolve("local-placed"), placedPlan.limits(), 2, null).rows();
    }

    static SparkMain.Batch parse(String... args) {
        SparkMain.Batch b = new SparkMain.Batch();
        new CommandLine(b).parseArgs(args);
        return b;
    }

    /** A CSV, an iolog and a biosnoop trace, none of which carries a stack of its own. */
    static Path placementInputs() throws Exception {
        Path res = traces().getParent().resolve("ingest/src/test/resources");
        Path in = Files.createDirectories(tmp.resolve("foreign"));
        Files.copy(res.resolve("csv/msr-sample.csv"), in.resolve("msr.csv"));
        Files.copy(res.resolve("lines/sample-v3.iolog"), in.resolve("fio.iolog"));
        Files.copy(res.resolve("lines/sample-biosnoop.txt"), in.resolve("biosnoop.txt"));
        return in;
    }

    static Path table() throws Exception {
        return Files.writeString(tmp.resolve("stack.dmsetup"), "vg-data: 0 2097152 striped 2 128 8:16 0 8:32 0\n");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkRowsEqualTheLocalBatchsRows() {
        assertThat(specs).hasSize(6);
        assertThat(sparkRows).hasSize(6);
        assertThat(sparkRows).containsExactlyElementsOf(localRows.stream().sorted(ORDER).toList());
        assertThat(sparkRows).anySatisfy(r -> assertThat(r.outcome()).isEqualTo("FINE"))
                .anySatisfy(r -> assertThat(r.outcome()).endsWith("DEADLOCK"));
        assertThat(tmp.resolve("spark/runs/oracle-small/DF/hard/observations.parquet")).isRegularFile();
        assertThat(tmp.resolve("spark/runs/oracle-small/DF/hard/summary.json")).isRegularFile();
        assertThat(tmp.resolve("spark/runs.parquet/strategy=DF")).isDirectory();
    }

    /**
     * Placement (issue 15's replay onto a chosen table, with --fit and --sample) travels to the tasks: every file
     * of every run directory, and every row, is byte for byte what the local batch writes.
     */
    @Test
    void placedRunsOnSparkAreByteIdenticalToTheLocalBatchs() throws Exception {
        assertThat(placedSpecs).hasSize(6);
        assertThat(placedSparkRows).containsExactlyElementsOf(placedLocalRows);
        assertThat(placedSparkRows).allSatisfy(r -> {
            assertThat(r.failed()).as(r.error()).isFalse();
            assertThat(r.submitted()).isPositive();
        });
        List<Path> local = runFiles(tmp.resolve("local-placed"));
        List<Path> dist = runFiles(tmp.resolve("spark-placed"));
        assertThat(local).hasSize(6 * 3).containsExactlyElementsOf(dist);
        for (Path f : local) {
            assertThat(Files.readAllBytes(tmp.resolve("spark-placed").resolve(f))).as(f.toString())
                    .isEqualTo(Files.readAllBytes(tmp.resolve("local-placed").resolve(f)));
        }
        String summary = Files.readString(tmp.resolve("spark-placed/runs/msr.csv/MODERN/hard/summary.json"));
        assertThat(summary).contains("placed ").contains("vg-data");
    }

    /** The files below {@code out/runs}, relative to {@code out}, sorted. */
    private static List<Path> runFiles(Path out) throws Exception {
        try (java.util.stream.Stream<Path> w = Files.walk(out.resolve("runs"))) {
            return w.filter(Files::isRegularFile).map(out::relativize).filter(p -> !p.getFileName().toString()
                    .startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aBadTraceAmongGoodOnesIsAFailedRow() {
        List<RunRow> broken = sparkRows.stream().filter(r -> r.trace().equals("broken")).toList();
        assertThat(broken).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(RunRow.FAILED);
            assertThat(r.error()).contains("broken.blktrace.0");
        });
        assertThat(sparkRows).filteredOn(r -> !r.trace().equals("broken")).noneMatch(RunRow::failed);
    }

    @Test
    void theSparkTableHasTheLocalTablesSchema() {
        StructType local = spark.read().parquet(tmp.resolve("local/runs.parquet").toString()).schema();
        StructType dist = spark.read().parquet(tmp.resolve("spark/runs.parquet").toString()).schema();
        assertThat(types(dist)).containsExactlyInAnyOrderElementsOf(types(local));
        assertThat(List.of(local.fieldNames())).containsExactlyElementsOf(RunTable.COLUMNS);
    }

    private static List<String> types(StructType t) {
        return java.util.Arrays.stream(t.fields()).map(SparkBatchTest::type).toList();
    }

    private static String type(StructField f) {
        return f.name() + ":" + f.dataType().simpleString();
    }

    static Path traces() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("traces/oracle-small"))) {
                return p.resolve("traces");
            }
        }
        throw new IllegalStateException("traces/ not found above " + Path.of("").toAbsolutePath());
    }
}
