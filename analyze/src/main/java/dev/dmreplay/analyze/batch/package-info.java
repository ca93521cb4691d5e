/**
 * Batches of replay runs: one run is a (trace, strategy, pressure) triple ({@link dev.dmreplay.analyze.batch.RunSpec})
 * run by {@link dev.dmreplay.analyze.batch.BatchRun} into one row of the result table
 * ({@link dev.dmreplay.analyze.batch.RunRow}, written by {@link dev.dmreplay.analyze.batch.RunTable}).
 * {@link dev.dmreplay.analyze.batch.LocalBatch} runs many in a thread pool, resumably; the Spark job of the
 * {@code spark} module calls the same {@link dev.dmreplay.analyze.batch.BatchRun} once per task.
 */
package dev.dmreplay.analyze.batch;
