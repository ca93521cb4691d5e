package dev.dmreplay.replay.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * {@link LocalOutputFile}, no Hadoop file system), format version {@value #VERSION}. Columns: time (ns), kind,
 * task, device, resource, bio, sector, sectors, value, detail (version 1), then the typed facts role, split, alloc,
 * pool, pool_kind, free_to, rescue (enum names) and status (version 2), then rwbs (blktrace's letters), flags
 * (the {@link BioFlag}s of a bio, repeated enum names) and order (version 3). The footer says the version
 * ({@link #VERSION_KEY}). Memory stays bounded (row groups are flushed as they fill). {@link ObservationReader}
 * reads what this writes, and older versions.
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
              optional binary role (ENUM);
              optional binary split (ENUM);
              optional binary alloc (ENUM);
              optional binary pool (STRING);
              optional binary pool_kind (ENUM);
              optional binary free_to (ENUM);
              optional binary rescue (ENUM);
              optional int32 status;
              optional binary rwbs (STRING);
              repeated binary flags (ENUM);
              optional binary order (ENUM);
            }""");

    /** The format version this writer writes. */
    public static final int VERSION = 3;

    /**
     * Footer key-value entry with the format version ({@code "3"}); files without it are version 1 (written before
     * the typed columns existed), version 2 files have no rwbs and flags columns.
     */
    public static final String VERSION_KEY = "dmreplay.observations.version";

    /**
     * Footer key-value entry ({@code "true"}) saying the producer emits a FREE for every {@code mempool_free}, so
     * readers can tell "nothing was freed" from "frees were not observed" (run directories written before FREE).
     */
    public static final String FREES_OBSERVED_KEY = "dmreplay.observes.free";

    private final ParquetWriter<Observation> writer;
    private long rows;

    /** Writes to {@code file}, which must not exist yet (write to a temporary path and rename). */
    public ParquetObservationWriter(Path file) throws IOException {
        this(file, java.util.Map.of());
    }

    /**
     * Writes to {@code file} with {@code footer} added to the footer's key-value metadata (the run's identity,
     * {@code dmreplay.run.*}).
     */
    public ParquetObservationWriter(Path file, java.util.Map<String, String> footer) throws IOException {
        this.writer = new Builder(new LocalOutputFile(file), footer)
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
        private final java.util.Map<String, String> footer;

        Builder(LocalOutputFile file, java.util.Map<String, String> footer) {
            super(file);
            this.footer = footer;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Observation> getWriteSupport(Configuration conf) {
            return new Support(footer);
        }

        @Override
        protected WriteSupport<Observation> getWriteSupport(ParquetConfiguration conf) {
            return new Support(footer);
        }
    }

    private static final class Support extends WriteSupport<Observation> {
        /** Distinct strings whose UTF-8 bytes are kept (task, device and pool names, details): bounds the cache. */
        private static final int MAX_CACHED = 4096;
        private RecordConsumer rc;
        private final java.util.Map<String, String> footer;
        /**
         * The UTF-8 bytes of the strings and enum names written so far: a run names a few tasks, devices, pools
         * and kinds millions of times, and encoding each occurrence again was a visible share of writing. The
         * bytes written are the same.
         */
        private final HashMap<String, Binary> strings = new HashMap<>();
        private final java.util.IdentityHashMap<Enum<?>, Binary> names = new java.util.IdentityHashMap<>();

        Support(java.util.Map<String, String> footer) {
            this.footer = footer;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return context();
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return context();
        }

        private WriteContext context() {
            HashMap<String, String> kv = new HashMap<>(footer);
            kv.put(FREES_OBSERVED_KEY, "true");
            kv.put(VERSION_KEY, Integer.toString(VERSION));
            return new WriteContext(SCHEMA, kv);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        @Override
        public void write(Observation o) {
            rc.startMessage();
            longField("time", 0, o.time());
            enumField("kind", 1, o.kind());
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
            enumField("role", 10, o.role());
            enumField("split", 11, o.split());
            enumField("alloc", 12, o.alloc());
            if (o.pool() != null) {
                stringField("pool", 13, o.pool().name());
                enumField("pool_kind", 14, o.pool().kind());
            }
            enumField("free_to", 15, o.freeTo());
            enumField("rescue", 16, o.rescue());
            if (o.status() != 0) {
                rc.startField("status", 17);
                rc.addInteger(o.status());
                rc.endField("status", 17);
            }
            stringField("rwbs", 18, o.rwbs());
            if (!o.flags().isEmpty()) {
                rc.startField("flags", 19);
                for (BioFlag f : o.flags()) {
                    rc.addBinary(name(f));
                }
                rc.endField("flags", 19);
            }
            enumField("order", 20, o.order());
            rc.endMessage();
        }

        private void longField(String name, int i, long v) {
            rc.startField(name, i);
            rc.addLong(v);
            rc.endField(name, i);
        }

        private void enumField(String name, int i, Enum<?> v) {
            if (v != null) {
                rc.startField(name, i);
                rc.addBinary(name(v));
                rc.endField(name, i);
            }
        }

        private Binary name(Enum<?> v) {
            Binary b = names.get(v);
            if (b == null) {
                b = Binary.fromConstantByteArray(v.name().getBytes(StandardCharsets.UTF_8));
                names.put(v, b);
            }
            return b;
        }

        private void stringField(String name, int i, String v) {
            if (v == null) {
                return;
            }
            Binary b = strings.get(v);
            if (b == null) {
                b = Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
                if (strings.size() < MAX_CACHED) {
                    strings.put(v, b);
                }
            }
            rc.startField(name, i);
            rc.addBinary(b);
            rc.endField(name, i);
        }
    }
}
