package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunSpec;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job: one partition, hence one task, per run; each task runs {@link TaskRun} (the local batch's
 * {@code BatchRun}); the rows become {@code OUT/runs.parquet}, a Parquet dataset partitioned by strategy with the
 * local batch's schema. A run that fails is a FAILED row, so the job itself only fails when Spark does.
 */
public final class SparkBatch {
    private SparkBatch() {
    }

    /** Runs every spec and writes the table; returns the rows in the order of the specs. */
    public static List<RunRow> run(SparkSession spark, List<RunSpec> specs, RunLimits limits, String out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String output = out;
        JavaRDD<RunRow> rows = jsc.parallelize(specs, Math.max(1, specs.size()))
                .map(s -> TaskRun.run(s, limits, output));
        List<RunRow> collected = rows.collect();
        Dataset<Row> table = spark.createDataFrame(jsc.parallelize(collected.stream().map(RunRows::toRow).toList(), 1),
                RunRows.SCHEMA);
        table.write().mode(SaveMode.Overwrite).partitionBy("strategy").parquet(out + "/runs.parquet");
        return collected;
    }
}
