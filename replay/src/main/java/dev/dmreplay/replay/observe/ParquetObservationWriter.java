package dev.dmreplay.replay.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * A listener that streams observations to a Parquet file (parquet-hadoop with a custom {@link WriteSupport} over
 * {@link LocalOutputFile}, no Hadoop file system). Columns: time (ns), kind, task, device, resource, bio, sector,
 * sectors, value, detail. Memory stays bounded (row groups are flushed as they fill).
 */
public final class ParquetObservationWriter implements ObservationListener, AutoCloseable {
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message observation {
              required int64 time;
              required binary kind (STRING);
              optional binary task (STRING);
              optional binary device (STRING);
              optional binary resource (STRING);
              required int64 bio;
              required int64 sector;
              required int32 sectors;
              required int64 value;
              optional binary detail (STRING);
            }""");

    /**
     * Footer key-value entry ({@code "true"}) saying the producer emits a FREE for every {@code mempool_free}, so
     * readers can tell "nothing was freed" from "frees were not observed" (run directories written before FREE).
     */
    public static final String FREES_OBSERVED_KEY = "dmreplay.observes.free";

    private final ParquetWriter<Observation> writer;
    private long rows;

    /** Writes to {@code file}, which must not exist yet (write to a temporary path and rename). */
    public ParquetObservationWriter(Path file) throws IOException {
        this.writer = new Builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(32L << 20)
                .build();
    }

    public long rows() {
        return rows;
    }

    @Override
    public void on(Observation o) {
        try {
            writer.write(o);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Observation, Builder> {
        Builder(LocalOutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Observation> getWriteSupport(Configuration conf) {
            return new Support();
        }

        @Override
        protected WriteSupport<Observation> getWriteSupport(ParquetConfiguration conf) {
            return new Support();
        }
    }

    private static final class Support extends WriteSupport<Observation> {
        private RecordConsumer rc;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>(java.util.Map.of(FREES_OBSERVED_KEY, "true")));
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>(java.util.Map.of(FREES_OBSERVED_KEY, "true")));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        @Override
        public void write(Observation o) {
            rc.startMessage();
            longField("time", 0, o.time());
            stringField("kind", 1, o.kind().name());
            stringField("task", 2, o.task());
            stringField("device", 3, o.device());
            stringField("resource", 4, o.resource());
            longField("bio", 5, o.bio());
            longField("sector", 6, o.sector());
            rc.startField("sectors", 7);
            rc.addInteger(o.sectors());
            rc.endField("sectors", 7);
            longField("value", 8, o.value());
            stringField("detail", 9, o.detail());
            rc.endMessage();
        }

        private void longField(String name, int i, long v) {
            rc.startField(name, i);
            rc.addLong(v);
            rc.endField(name, i);
        }

        private void stringField(String name, int i, String v) {
            if (v == null) {
                return;
            }
            rc.startField(name, i);
            rc.addBinary(Binary.fromString(v));
            rc.endField(name, i);
        }
    }
}
