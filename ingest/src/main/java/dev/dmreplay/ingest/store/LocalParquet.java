package dev.dmreplay.ingest.store;

import java.util.HashMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * What every Parquet file dmreplay writes needs from parquet-hadoop: a writer builder over a {@link LocalOutputFile}
 * (no Hadoop file system) with a given {@link WriteSupport}, and a base for write supports with a fixed schema and
 * footer that turns record fields into {@link RecordConsumer} calls. Used by the event store, the observations and
 * the batch's result table.
 */
public final class LocalParquet {
    private LocalParquet() {
    }

    /** A builder writing to {@code file} through {@code support}; tune it (codec, row groups) and build it. */
    public static <T> Builder<T> builder(LocalOutputFile file, WriteSupport<T> support) {
        return new Builder<>(file, support);
    }

    /** The builder: the one write support it was given, under either configuration API. */
    public static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> support;

        Builder(LocalOutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    /**
     * A write support with a fixed schema and footer key-value metadata; subclasses write a record with the field
     * helpers, which skip a null value (an optional field left out).
     */
    public abstract static class RecordSupport<T> extends WriteSupport<T> {
        private final MessageType schema;
        private final Supplier<HashMap<String, String>> footer;
        /** The consumer of the file being written, set before the first record. */
        protected RecordConsumer rc;
        /** Distinct strings whose UTF-8 bytes are kept (names of tasks, devices, pools; details): bounds the cache. */
        private static final int MAX_CACHED = 4096;
        /**
         * The UTF-8 bytes of the strings and enum names written so far: a file names a few tasks, devices, pools and
         * kinds millions of times, and encoding each occurrence again was a visible share of writing (a replay's
         * observations). The bytes written are the same.
         */
        private final HashMap<String, Binary> strings = new HashMap<>();
        private final java.util.IdentityHashMap<Enum<?>, Binary> names = new java.util.IdentityHashMap<>();

        /** @param footer the footer's key-value metadata, made when the file is opened */
        protected RecordSupport(MessageType schema, Supplier<HashMap<String, String>> footer) {
            this.schema = schema;
            this.footer = footer;
        }

        @Override
        public final WriteContext init(Configuration configuration) {
            return new WriteContext(schema, footer.get());
        }

        @Override
        public final WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, footer.get());
        }

        @Override
        public final void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        protected final void int64(String name, int index, long v) {
            rc.startField(name, index);
            rc.addLong(v);
            rc.endField(name, index);
        }

        protected final void int32(String name, int index, int v) {
            rc.startField(name, index);
            rc.addInteger(v);
            rc.endField(name, index);
        }

        protected final void string(String name, int index, String v) {
            if (v == null) {
                return;
            }
            Binary b = strings.get(v);
            if (b == null) {
                b = Binary.fromConstantByteArray(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (strings.size() < MAX_CACHED) {
                    strings.put(v, b);
                }
            }
            rc.startField(name, index);
            rc.addBinary(b);
            rc.endField(name, index);
        }

        /** An enum as its name (Parquet's ENUM annotation on binary), or nothing when null. */
        protected final void enumName(String name, int index, Enum<?> v) {
            if (v == null) {
                return;
            }
            rc.startField(name, index);
            rc.addBinary(enumBytes(v));
            rc.endField(name, index);
        }

        /** The UTF-8 bytes of an enum's name, made once per constant (for repeated fields of enums). */
        protected final Binary enumBytes(Enum<?> v) {
            return names.computeIfAbsent(v,
                    e -> Binary.fromConstantByteArray(e.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
