package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Streams events into a Parquet event store ({@link EventSchema}). The file appears at its target only on
 * {@link #commit()}; closing without commit (an exception, bad input) leaves nothing behind.
 *
 * <p>The calling thread only copies each event into the current row group's column arrays; full row groups are
 * encoded on {@link Options#workers()} threads ({@link RowGroupEncoder}) and appended in order
 * ({@link RowGroupPipeline}), so the file's bytes depend on the events and the options only, never on the number
 * of workers or their timing. Memory is bounded by {@code workers + 2} row groups.
 *
 * <pre>{@code
 * try (ParquetEventWriter w = ParquetEventWriter.create(path, options, metadata)) {
 *     for (BlockEvent e; (e = source.next()) != null; ) w.write(e);
 *     w.commit();
 * }
 * }</pre>
 */
public final class ParquetEventWriter implements Closeable {

    /**
     * Writer tuning.
     *
     * @param rowGroupRows rows per row group (the last one may have fewer): the unit of parallel encoding, and what
     *                     a reader holds in memory
     * @param pageRows     rows per data page
     * @param zstdLevel    ZSTD compression level
     * @param workers      encoding threads; 0 encodes on the calling thread
     */
    public record Options(int rowGroupRows, int pageRows, int zstdLevel, int workers) {
        /**
         * 2^18 rows per row group (about 2.5 MB compressed, 11 MB of column arrays while written: a reader's and
         * a writer's memory stay flat however long the trace, and the serial collector copies little), 2^15 rows
         * per page, ZSTD level 3, one encoding thread per core up to four.
         */
        public static final Options DEFAULT = new Options(1 << 18, 1 << 15, 3,
                Math.min(4, Runtime.getRuntime().availableProcessors()));

        public Options {
            if (rowGroupRows < 1 || pageRows < 1 || workers < 0) {
                throw new IllegalArgumentException("bad event store options: " + rowGroupRows + " rows per row group, "
                        + pageRows + " per page, " + workers + " workers");
            }
        }

        public Options withWorkers(int n) {
            return new Options(rowGroupRows, pageRows, zstdLevel, n);
        }

        public Options withRowGroupRows(int n) {
            return new Options(n, pageRows, zstdLevel, workers);
        }
    }

    private final AtomicOutput output;
    private final ParquetFileWriter file;
    private final RowGroupPipeline pipeline;
    private final SortedMap<Integer, String> processes;
    private StoreMetadata metadata;
    private EventBatch batch;
    private long rows;
    private boolean finished;
    /** A row group failed to be handed over: the file cannot be completed. */
    private boolean broken;

    private ParquetEventWriter(AtomicOutput output, ParquetFileWriter file, RowGroupPipeline pipeline,
                               StoreMetadata metadata) throws IOException {
        this.output = output;
        this.file = file;
        this.pipeline = pipeline;
        this.metadata = metadata;
        this.processes = new TreeMap<>(metadata.processes());
        this.batch = pipeline.take();
    }

    /**
     * Loads the writer's classes (parquet-mr's file writer and footer code, the ZSTD library) on a thread of its own
     * and returns at once: a caller that will write a store calls this first thing, so that the loading overlaps its
     * own start-up instead of delaying its first row group and its commit ({@link StoreWriterWarmUp}).
     */
    public static void warmUp() {
        StoreWriterWarmUp.start();
    }

    /** Opens a writer for {@code target} with a footer of only a source description and input names. */
    public static ParquetEventWriter create(Path target, Options options, String source, List<String> inputs,
                                            Map<Integer, String> processes) throws IOException {
        return create(target, options, new StoreMetadata(source, inputs, List.of(), new TreeMap<>(processes),
                new TreeMap<>(), 0));
    }

    /**
     * Opens a writer for {@code target}. The footer carries {@code metadata} (as updated by
     * {@link #updateMetadata} until commit), its pid table extended by the PROCESS notes written and its event
     * count set to the rows written.
     */
    public static ParquetEventWriter create(Path target, Options options, StoreMetadata metadata) throws IOException {
        AtomicOutput out = AtomicOutput.create(target);
        ParquetFileWriter file = null;
        RowGroupPipeline pipeline = null;
        try {
            // no padding (a local file has no blocks to align to); page CRC-32s on; the statistics and column
            // index truncation lengths of parquet-mr's defaults
            file = new ParquetFileWriter(new LocalOutputFile(out.path()), EventSchema.SCHEMA,
                    ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0, 64, Integer.MAX_VALUE, true);
            file.start();
            pipeline = new RowGroupPipeline(file, options.rowGroupRows(), options.pageRows(), options.zstdLevel(),
                    options.workers());
            return new ParquetEventWriter(out, file, pipeline, metadata);
        } catch (IOException | RuntimeException e) {
            if (pipeline != null) {
                pipeline.close();
            }
            if (file != null) {
                file.abort();
                file.close();
            }
            out.close();
            throw e;
        }
    }

    public void write(BlockEvent e) throws IOException {
        if ((e.action() & Category.NOTIFY) != 0 && e.kind() == Action.NOTIFY_PROCESS) {
            processes.putIfAbsent(e.pid(), e.text());
        }
        if (broken) {
            throw new IllegalStateException("event store writer failed before");
        }
        batch.add(e);
        rows++;
        if (batch.full()) {
            broken = true; // until the row group is handed over and a new batch taken
            pipeline.submit(batch);
            batch = pipeline.take();
            broken = false;
        }
    }

    /** Copies every event of {@code source}; returns how many. */
    public long writeAll(EventSource source) throws IOException {
        long n = 0;
        for (BlockEvent e; (e = source.next()) != null; n++) {
            write(e);
        }
        return n;
    }

    /** Changes the footer metadata before {@link #commit()} (e.g. input devices learnt while reading). */
    public void updateMetadata(java.util.function.UnaryOperator<StoreMetadata> change) {
        metadata = change.apply(metadata);
    }

    public long rows() {
        return rows;
    }

    /** Finishes the file (footer with the metadata) and moves it onto the target. */
    public void commit() throws IOException {
        if (finished || broken) {
            throw new IllegalStateException("event store already committed, closed or failed");
        }
        finished = true;
        try {
            if (batch.rows > 0) {
                pipeline.submitLast(batch);
            }
            batch = null;
            pipeline.finish();
            StoreMetadata m = metadata;
            file.end(new StoreMetadata(m.source(), m.inputs(), m.inputDevices(), processes, m.dumps(), rows)
                    .toKeyValues());
        } catch (IOException | RuntimeException | Error e) {
            pipeline.close();
            file.abort();
            file.close();
            output.close();
            throw e;
        }
        pipeline.close();
        output.commit();
    }

    /** Without a prior {@link #commit()}: discards everything written. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            pipeline.close();
            file.abort();
            try {
                file.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is being thrown away; the first error is the one that matters
            }
        }
        output.close();
    }
}
