package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Streams events into a Parquet event store ({@link EventSchema}). The file appears at its target only on
 * {@link #commit()}; closing without commit (an exception, bad input) leaves nothing behind. Memory is bounded
 * by one row group.
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
     * @param rowGroupBytes  target row group size in bytes (Parquet's block size)
     * @param rowGroupRows   hard limit of rows per row group
     * @param zstdLevel      ZSTD compression level
     */
    public record Options(long rowGroupBytes, int rowGroupRows, int zstdLevel) {
        public static final Options DEFAULT = new Options(64L << 20, 4_000_000, 3);
    }

    private final AtomicOutput output;
    private final MetadataHolder metadata;
    private final EventWriteSupport support;
    private final ParquetWriter<BlockEvent> writer;
    private boolean finished;

    private ParquetEventWriter(AtomicOutput output, MetadataHolder metadata, EventWriteSupport support,
                               ParquetWriter<BlockEvent> writer) {
        this.output = output;
        this.metadata = metadata;
        this.support = support;
        this.writer = writer;
    }

    private static final class MetadataHolder {
        StoreMetadata value;
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
        try {
            SortedMap<Integer, String> procs = new TreeMap<>(metadata.processes());
            MetadataHolder holder = new MetadataHolder();
            holder.value = metadata;
            EventWriteSupport support = new EventWriteSupport(procs, () -> holder.value);
            ParquetWriter<BlockEvent> writer = LocalParquet.builder(new LocalOutputFile(out.path()), support)
                    .withConf(new PlainParquetConfiguration())
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .config("parquet.compression.codec.zstd.level", Integer.toString(options.zstdLevel()))
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    .withRowGroupSize(options.rowGroupBytes())
                    .withRowGroupRowCountLimit(options.rowGroupRows())
                    .withDictionaryEncoding(false)
                    .withDictionaryEncoding(EventSchema.ACTION, true)
                    .withDictionaryEncoding(EventSchema.PID, true)
                    .withDictionaryEncoding(EventSchema.DEVICE, true)
                    .withDictionaryEncoding(EventSchema.CPU, true)
                    .withDictionaryEncoding(EventSchema.ERROR, true)
                    .withDictionaryEncoding(EventSchema.BYTES, true)
                    .withDictionaryEncoding(EventSchema.ACT, true)
                    .withDictionaryEncoding(EventSchema.RWBS, true)
                    .withPageWriteChecksumEnabled(true)
                    .build();
            return new ParquetEventWriter(out, holder, support, writer);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    public void write(BlockEvent e) throws IOException {
        writer.write(e);
    }

    /** Copies every event of {@code source}; returns how many. */
    public long writeAll(EventSource source) throws IOException {
        long n = 0;
        for (BlockEvent e; (e = source.next()) != null; n++) {
            writer.write(e);
        }
        return n;
    }

    /** Changes the footer metadata before {@link #commit()} (e.g. input devices learnt while reading). */
    public void updateMetadata(java.util.function.UnaryOperator<StoreMetadata> change) {
        metadata.value = change.apply(metadata.value);
    }

    public long rows() {
        return support.rows();
    }

    /** Finishes the file (footer with the metadata) and moves it onto the target. */
    public void commit() throws IOException {
        finished = true;
        writer.close();
        output.commit();
    }

    /** Without a prior {@link #commit()}: discards everything written. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is being thrown away; the first error is the one that matters
            }
        }
        output.close();
    }
}
