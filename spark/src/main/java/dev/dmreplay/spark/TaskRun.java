package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.BatchRun;
import dev.dmreplay.analyze.batch.Failures;
import dev.dmreplay.analyze.batch.RunLimits;
import dev.dmreplay.analyze.batch.PlacementSpec;
import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunRowFile;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.replay.run.TraceReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one Spark task does for one run: makes the trace local (a trace on the local file system is used in place;
 * one on another Hadoop file system is copied to a temporary directory, with a dmsetup table lying beside a single
 * trace file; likewise the placement's table), calls {@link BatchRun} exactly as the local batch does, and copies
 * the run's summary.json, observations.parquet and row.json to {@code OUT/runs/TRACE/STRATEGY/PRESSURE/}. Anything that goes wrong is a FAILED row.
 */
final class TaskRun {
    private TaskRun() {
    }

    static RunRow run(RunSpec spec, RunLimits limits, String out) {
        java.nio.file.Path tmp = null;
        try {
            tmp = Files.createTempDirectory("dmreplay-task-");
            Configuration conf = new Configuration();
            Path src = new Path(spec.input());
            FileSystem fs = src.getFileSystem(conf);
            java.nio.file.Path local = HadoopTraces.local(fs)
                    ? java.nio.file.Path.of(Path.getPathWithoutSchemeAndAuthority(src).toString())
                    : fetch(fs, src, Files.createDirectories(tmp.resolve("trace")));
            java.nio.file.Path runDir = tmp.resolve("run");
            RunRow row = BatchRun.run(spec, local, withLocalTable(limits, conf, tmp), runDir);
            RunRowFile.write(runDir, row); // the local batch's marker of a finished run, a failed one's too
            upload(runDir, new Path(out, spec.relativeDir()), conf);
            return row;
        } catch (Exception e) {
            return RunRow.failed(spec, RunRow.FAILED, Failures.describe(e));
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** {@code limits} with the placement's table on the local file system (copied when it lies elsewhere). */
    private static RunLimits withLocalTable(RunLimits limits, Configuration conf, java.nio.file.Path tmp)
            throws IOException {
        PlacementSpec p = limits.placement();
        if (p.table().isEmpty()) {
            return limits;
        }
        Path table = new Path(p.table());
        FileSystem fs = table.getFileSystem(conf);
        if (HadoopTraces.local(fs)) {
            return limits;
        }
        java.nio.file.Path dst = Files.createDirectories(tmp.resolve("table")).resolve(table.getName());
        fs.copyToLocalFile(false, table, new Path(dst.toUri()), true);
        return limits.withPlacement(p.withTable(dst.toString()));
    }

    private static java.nio.file.Path fetch(FileSystem fs, Path src, java.nio.file.Path dir) throws IOException {
        java.nio.file.Path dst = dir.resolve(src.getName());
        fs.copyToLocalFile(false, src, new Path(dst.toUri()), true);
        if (fs.getFileStatus(src).isFile()) {
            for (String n : TraceReplay.TABLE_NAMES) {
                Path t = new Path(src.getParent(), n);
                if (fs.exists(t)) {
                    fs.copyToLocalFile(false, t, new Path(dir.resolve(n).toUri()), true);
                }
            }
        }
        return dst;
    }

    private static void upload(java.nio.file.Path runDir, Path dst, Configuration conf) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        FileSystem fs = dst.getFileSystem(conf);
        fs.setWriteChecksum(false);
        fs.delete(dst, true); // a task attempt that ran before left a partial copy
        fs.mkdirs(dst);
        try (Stream<java.nio.file.Path> files = Files.list(runDir)) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                fs.copyFromLocalFile(false, true, new Path(f.toUri()), new Path(dst, f.getFileName().toString()));
            }
        }
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (Stream<java.nio.file.Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory left behind is not worth failing a run for
        }
    }
}
