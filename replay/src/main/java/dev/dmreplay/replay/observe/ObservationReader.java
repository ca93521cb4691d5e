package dev.dmreplay.replay.observe;

import dev.dmreplay.ingest.io.ImplausibleAllocation;
import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.ingest.store.ParquetFooterBounds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The one reader of observation files, beside their writer ({@link ParquetObservationWriter}): a pull reader
 * ({@link #next()} returns a new {@link Observation} in file order, which is simulation order; memory is bounded
 * by one row group) with a push form ({@link #feed}).
 *
 * <p>Versions: the footer's {@link ParquetObservationWriter#VERSION_KEY} says which; a file without it is
 * version 1 (the ten untyped columns). A version-1 file is read with every typed fact recovered from its
 * free text ({@link Version1Facts}), except what version 1 never recorded: whether a plain {@code mempool_alloc}
 * failure was a masked attempt or a {@code GFP_NOWAIT} one ({@link Observation#alloc()} is null for those), and
 * the kind of a pool, which is inferred from its name. Files of a later version than this reader knows are
 * rejected.
 */
public final class ObservationReader implements AutoCloseable {
    /** The ten columns of version 1. */
    public static final MessageType SCHEMA_V1 = new MessageType("observation",
            ParquetObservationWriter.SCHEMA.getFields().subList(0, 10));
    /** Version 2: the eighteen columns of the typed facts, without rwbs, flags and order (version 3). */
    public static final MessageType SCHEMA_V2 = new MessageType("observation",
            ParquetObservationWriter.SCHEMA.getFields().subList(0, 18));
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private final String name;
    private final int version;
    private final ParquetReader<Observation> reader;
    private final boolean freesObserved;
    private long row;
    private long lastTime = Long.MIN_VALUE;

    private Map<String, String> footer = Map.of();

    private ObservationReader(String name, int version, ParquetReader<Observation> reader, boolean freesObserved) {
        this.name = name;
        this.version = version;
        this.reader = reader;
        this.freesObserved = freesObserved;
    }

    /** Opens {@code file}; anything but an observation file is a {@link RunDirectoryException}. */
    public static ObservationReader open(Path file) throws IOException {
        String name = file.toString();
        byte[] head = new byte[4];
        int n;
        try (InputStream s = Files.newInputStream(file)) {
            n = s.readNBytes(head, 0, 4);
        }
        if (n < 4 || !Arrays.equals(head, MAGIC)) {
            throw RunDirectoryException.atByte(name, 0, "no Parquet magic 'PAR1', expected a replay observation file");
        }
        InputFile in = new LocalInputFile(file);
        boolean frees;
        int version;
        Map<String, String> kvs;
        try (ParquetFileReader footer = ParquetFileReader.open(in, ParquetReadOptions.builder().build())) {
            Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
            version = version(name, kv.get(ParquetObservationWriter.VERSION_KEY));
            check(name, footer.getFileMetaData().getSchema(), schema(version));
            Optional<String> extent = ParquetFooterBounds.problem(footer, Files.size(file));
            if (extent.isPresent()) {
                throw RunDirectoryException.of(name, extent.get());
            }
            frees = "true".equals(kv.get(ParquetObservationWriter.FREES_OBSERVED_KEY));
            kvs = Map.copyOf(kv);
        } catch (RunDirectoryException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw RunDirectoryException.of(name, "unreadable Parquet footer (" + detail(e)
                    + "), expected a replay observation file");
        } catch (OutOfMemoryError e) {
            if (!ImplausibleAllocation.fromDamagedLength(e)) {
                throw e;
            }
            throw RunDirectoryException.of(name, ImplausibleAllocation.problem("the Parquet footer"));
        }
        // pages carry a CRC-32 (parquet-mr writes one by default): a damaged page is refused before it is decoded
        ParquetReader<Observation> r = new Builder(in, version).withConf(new PlainParquetConfiguration())
                .usePageChecksumVerification(true).build();
        ObservationReader or = new ObservationReader(name, version, r, frees);
        or.footer = kvs;
        return or;
    }

    /** The footer's key-value metadata (the format version, the run's identity {@code dmreplay.run.*}). */
    public Map<String, String> footer() {
        return footer;
    }

    /**
     * A library's message for the user: its first line, without the library's object names
     * ({@code LocalInputFile@1a2b3c}: the error already names the file).
     */
    static String detail(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String first = m.strip().lines().findFirst().orElse("");
        return first.replaceAll("[\\w.$]*InputFile@\\p{XDigit}+", "the file");
    }

    private static int version(String name, String v) {
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= ParquetObservationWriter.VERSION) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RunDirectoryException.of(name, "observation format version '" + v + "', expected 1.."
                + ParquetObservationWriter.VERSION + " (a newer dmreplay wrote it?)");
    }

    private static MessageType schema(int version) {
        return switch (version) {
            case 1 -> SCHEMA_V1;
            case 2 -> SCHEMA_V2;
            default -> ParquetObservationWriter.SCHEMA;
        };
    }

    private static void check(String name, MessageType schema, MessageType expected) {
        for (Type t : expected.getFields()) {
            if (!schema.containsField(t.getName())) {
                throw RunDirectoryException.of(name, "column '" + t.getName() + "' missing, expected " + t);
            }
            Type got = schema.getType(t.getName());
            if (!got.isPrimitive() || got.asPrimitiveType().getPrimitiveTypeName()
                    != t.asPrimitiveType().getPrimitiveTypeName()) {
                throw RunDirectoryException.of(name, "column '" + t.getName() + "' is " + got + ", expected " + t);
            }
        }
    }

    /** The file's format version (1 = before the typed columns). */
    public int version() {
        return version;
    }

    /**
     * Whether the writer declared that it emits FREE observations
     * ({@link ParquetObservationWriter#FREES_OBSERVED_KEY}); false for files written before FREE existed.
     */
    public boolean freesObserved() {
        return freesObserved;
    }

    /** The next observation, or null at the end. Observations going back in time are a format error. */
    public Observation next() throws IOException {
        Observation o;
        try {
            o = reader.read();
            if (o != null && version == 1) {
                o = Version1Facts.type(o);
            }
        } catch (RunDirectoryException e) {
            throw e;
        } catch (RuntimeException | IOException e) { // a damaged page header is an IOException of the library's
            throw RunDirectoryException.of(name, "corrupt Parquet data after row " + row + " (" + detail(e) + ")");
        } catch (OutOfMemoryError e) {
            if (!ImplausibleAllocation.fromDamagedLength(e)) {
                throw e;
            }
            throw RunDirectoryException.of(name, "corrupt Parquet data after row " + row + ": "
                    + ImplausibleAllocation.problem("a page"));
        }
        if (o == null) {
            return null;
        }
        if (o.time() < lastTime) {
            throw RunDirectoryException.of(name, "row " + row + ": time " + o.time() + " before the previous row's "
                    + lastTime + ", expected observations in simulation order");
        }
        if (o.pool() == null && (o.kind() == ObservationKind.ALLOC || o.kind() == ObservationKind.ALLOC_FAIL
                || o.kind() == ObservationKind.FREE)) {
            // the writer names the pool of every mempool event; without it the row is damaged, not a fact
            throw RunDirectoryException.of(name, "row " + row + ": " + o.kind() + " without its pool, expected the"
                    + " mempool's name and kind (a damaged observation file)");
        }
        lastTime = o.time();
        row++;
        return o;
    }

    /** Rows read so far. */
    public long rows() {
        return row;
    }

    /** Reads the whole file into the listeners, then calls their {@code finish()}; returns the rows read. */
    public long feed(List<? extends ObservationListener> listeners) throws IOException {
        Observation o;
        while ((o = next()) != null) {
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).on(o);
            }
        }
        for (ObservationListener l : listeners) {
            l.finish();
        }
        return row;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class Builder extends ParquetReader.Builder<Observation> {
        private final int version;

        Builder(InputFile file, int version) {
            super(file, new PlainParquetConfiguration());
            this.version = version;
        }

        @Override
        protected ReadSupport<Observation> getReadSupport() {
            return new Support(schema(version));
        }
    }

    private static final class Support extends ReadSupport<Observation> {
        private final MessageType requested;

        Support(MessageType requested) {
            this.requested = requested;
        }

        @Override
        public ReadContext init(InitContext context) {
            return new ReadContext(requested);
        }

        @Override
        public RecordMaterializer<Observation> prepareForRead(Configuration conf, Map<String, String> kv,
                                                              MessageType fileSchema, ReadContext rc) {
            return new Materializer(requested.getFieldCount());
        }

        @Override
        public RecordMaterializer<Observation> prepareForRead(ParquetConfiguration conf, Map<String, String> kv,
                                                              MessageType fileSchema, ReadContext rc) {
            return new Materializer(requested.getFieldCount());
        }
    }

    /** One mutable row turned into a record at the end of the row; columns in the writer's schema order. */
    private static final class Materializer extends RecordMaterializer<Observation> {
        private static final int STATUS = 17;
        private static final int RWBS = 18;
        private static final int FLAGS = 19;
        private static final int ORDER = 20;
        private final long[] longs;
        /** The flags column's values of the current row (repeated). */
        private final EnumSet<BioFlag> flags = EnumSet.noneOf(BioFlag.class);
        private final String[] strings;
        private final GroupConverter root;

        Materializer(int fields) {
            longs = new long[fields];
            strings = new String[fields];
            Converter[] converters = new Converter[fields];
            for (int i = 0; i < fields; i++) {
                converters[i] = new Column(i);
            }
            root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return converters[fieldIndex];
                }

                @Override
                public void start() {
                    Arrays.fill(strings, null);
                    flags.clear();
                    if (longs.length > STATUS) {
                        longs[STATUS] = 0;
                    }
                }

                @Override
                public void end() {
                }
            };
        }

        private final class Column extends PrimitiveConverter {
            private final int f;
            private String[] dict;

            Column(int f) {
                this.f = f;
            }

            @Override
            public void addLong(long value) {
                longs[f] = value;
            }

            @Override
            public void addInt(int value) {
                longs[f] = value;
            }

            @Override
            public void addBinary(Binary value) {
                set(value.toStringUsingUTF8());
            }

            private void set(String v) {
                if (f == FLAGS) {
                    flags.add(value(BioFlag.class, v));
                } else {
                    strings[f] = v;
                }
            }

            // names repeat: decode each dictionary entry once instead of once per row
            @Override
            public boolean hasDictionarySupport() {
                return f != 0 && f != 5 && f != 6 && f != 7 && f != 8 && f != STATUS;
            }

            @Override
            public void setDictionary(Dictionary dictionary) {
                dict = new String[dictionary.getMaxId() + 1];
                for (int id = 0; id < dict.length; id++) {
                    dict[id] = dictionary.decodeToBinary(id).toStringUsingUTF8();
                }
            }

            @Override
            public void addValueFromDictionary(int dictionaryId) {
                set(dict[dictionaryId]);
            }
        }

        @Override
        public Observation getCurrentRecord() {
            Facts f = Facts.NONE;
            if (longs.length > 10) {
                PoolKind pk = value(PoolKind.class, strings[14]);
                f = new Facts(value(BioRole.class, strings[10]), value(SplitKind.class, strings[11]),
                        value(AllocMode.class, strings[12]),
                        strings[13] == null || pk == null ? null : new PoolRef(strings[13], pk),
                        value(FreeTo.class, strings[15]), value(RescueMechanism.class, strings[16]),
                        (int) longs[STATUS], longs.length > RWBS ? strings[RWBS] : null,
                        flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags)),
                        strings.length > ORDER ? value(OrderFact.class, strings[ORDER]) : null);
            }
            return new Observation(longs[0], value(ObservationKind.class, strings[1]), strings[2], strings[3],
                    strings[4], longs[5], longs[6], (int) longs[7], longs[8], strings[9], f);
        }

        private static <E extends Enum<E>> E value(Class<E> type, String s) {
            if (s == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + s + "'");
            }
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
