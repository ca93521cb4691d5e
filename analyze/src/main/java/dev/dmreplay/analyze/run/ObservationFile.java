package dev.dmreplay.analyze.run;

import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * Pull reader over a replay run's observation file (the Parquet file the replay's observation writer makes:
 * columns time, kind, task, device, resource, bio, sector, sectors, value, detail). Each {@link #next()} returns a
 * new {@link Observation} in file order (which is simulation order); memory is bounded by one row group.
 * {@link #feed} is the push form: it hands every observation to listeners and calls their {@code finish()}.
 */
public final class ObservationFile implements AutoCloseable {
    /** The columns read: exactly what the replay's writer writes. */
    public static final MessageType SCHEMA = ParquetObservationWriter.SCHEMA;
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private final String name;
    private final ParquetReader<Observation> reader;
    private long row;
    private long lastTime = Long.MIN_VALUE;
    private final boolean freesObserved;

    private ObservationFile(String name, ParquetReader<Observation> reader, boolean freesObserved) {
        this.name = name;
        this.reader = reader;
        this.freesObserved = freesObserved;
    }

    /**
     * Whether the writer declared that it emits FREE observations
     * ({@link ParquetObservationWriter#FREES_OBSERVED_KEY}); false for files written before FREE existed.
     */
    public boolean freesObserved() {
        return freesObserved;
    }

    /** Opens {@code file}; anything but an observation file is a {@link RunDirectoryException}. */
    public static ObservationFile open(Path file) throws IOException {
        String name = file.toString();
        byte[] head = new byte[4];
        int n;
        try (InputStream s = Files.newInputStream(file)) {
            n = s.readNBytes(head, 0, 4);
        }
        if (n < 4 || head[0] != MAGIC[0] || head[1] != MAGIC[1] || head[2] != MAGIC[2] || head[3] != MAGIC[3]) {
            throw RunDirectoryException.atByte(name, 0, "no Parquet magic 'PAR1', expected a replay observation file");
        }
        InputFile in = new LocalInputFile(file);
        boolean frees;
        try (ParquetFileReader footer = ParquetFileReader.open(in, ParquetReadOptions.builder().build())) {
            check(name, footer.getFileMetaData().getSchema());
            frees = "true".equals(footer.getFileMetaData().getKeyValueMetaData()
                    .get(ParquetObservationWriter.FREES_OBSERVED_KEY));
        } catch (RunDirectoryException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw RunDirectoryException.of(name, "unreadable Parquet footer (" + e.getMessage()
                    + "), expected a replay observation file");
        }
        return new ObservationFile(name, new Builder(in).withConf(new PlainParquetConfiguration()).build(), frees);
    }

    private static void check(String name, MessageType schema) {
        for (Type t : SCHEMA.getFields()) {
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

    /** The next observation, or null at the end. Observations going back in time are a format error. */
    public Observation next() throws IOException {
        Observation o;
        try {
            o = reader.read();
        } catch (RunDirectoryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RunDirectoryException.of(name, "corrupt Parquet data after row " + row + " (" + e.getMessage() + ")");
        }
        if (o == null) {
            return null;
        }
        if (o.time() < lastTime) {
            throw RunDirectoryException.of(name, "row " + row + ": time " + o.time() + " before the previous row's "
                    + lastTime + ", expected observations in simulation order");
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
        Builder(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Observation> getReadSupport() {
            return new Support();
        }
    }

    private static final class Support extends ReadSupport<Observation> {
        @Override
        public ReadContext init(InitContext context) {
            return new ReadContext(SCHEMA);
        }

        @Override
        public RecordMaterializer<Observation> prepareForRead(Configuration conf, Map<String, String> kv,
                                                              MessageType fileSchema, ReadContext rc) {
            return new Materializer();
        }

        @Override
        public RecordMaterializer<Observation> prepareForRead(ParquetConfiguration conf, Map<String, String> kv,
                                                              MessageType fileSchema, ReadContext rc) {
            return new Materializer();
        }
    }

    /** One mutable row turned into a record at the end of the row. */
    private static final class Materializer extends RecordMaterializer<Observation> {
        private static final ObservationKind[] KINDS = ObservationKind.values();
        final long[] longs = new long[10];
        final String[] strings = new String[10];
        private final GroupConverter root = new GroupConverter() {
            private final Converter[] fields = new Converter[10];

            {
                for (int i = 0; i < 10; i++) {
                    int f = i;
                    fields[i] = new PrimitiveConverter() {
                        @Override
                        public void addLong(long value) {
                            longs[f] = value;
                        }

                        @Override
                        public void addInt(int value) {
                            longs[f] = value;
                        }

                        private String[] dict;

                        @Override
                        public void addBinary(Binary value) {
                            strings[f] = value.toStringUsingUTF8();
                        }

                        // names repeat: decode each dictionary entry once instead of once per row
                        @Override
                        public boolean hasDictionarySupport() {
                            return f == 1 || f == 2 || f == 3 || f == 4 || f == 9;
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
                            strings[f] = dict[dictionaryId];
                        }
                    };
                }
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
                java.util.Arrays.fill(strings, null);
            }

            @Override
            public void end() {
            }
        };

        @Override
        public Observation getCurrentRecord() {
            return new Observation(longs[0], kind(strings[1]), strings[2], strings[3], strings[4], longs[5], longs[6],
                    (int) longs[7], longs[8], strings[9]);
        }

        private ObservationKind lastKind;

        private ObservationKind kind(String s) {
            if (lastKind != null && lastKind.name().equals(s)) {
                return lastKind;
            }
            for (ObservationKind k : KINDS) {
                if (k.name().equals(s)) {
                    lastKind = k;
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown observation kind '" + s + "'");
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

}
