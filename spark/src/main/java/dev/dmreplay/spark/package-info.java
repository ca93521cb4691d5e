/**
 * The batch of replay runs on Apache Spark: one task per (trace, strategy, pressure), each calling the same
 * {@link dev.dmreplay.analyze.batch.BatchRun} as the local {@code dmreplay batch}; traces read from any
 * Hadoop-compatible path; the result table as a Parquet dataset partitioned by strategy. Spark and Hadoop are
 * provided by the cluster or by {@code ./dmreplay-spark}; this module is never part of {@code dmreplay.jar}.
 */
package dev.dmreplay.spark;
