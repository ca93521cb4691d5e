package dev.dmreplay.replay.observe;

import dev.dmreplay.ingest.store.LocalParquet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
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
 *
 * <p>The encoding (Parquet's column writers and compression: half of a replay's time at {@code --observe all})
 * runs on a thread of its own ({@code observation-writer}), fed in order with batches of {@value #BATCH}
 * observations, at most {@value #BATCHES} waiting: the model's thread only hands them over, and the file is the
 * one writing in line gives (the same records in the same order). A write error on that thread is thrown by the
 * next {@link #on} or by {@link #close}.
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
    private final Support support;
    private long rows;

    /** Observations per batch handed to the encoding thread, and batches in flight. */
    static final int BATCH = 4096;
    static final int BATCHES = 4;

    /** Observations in order; the last batch of the file says so. */
    private static final class Batch {
        final Observation[] items = new Observation[BATCH];
        int size;
        boolean last;
    }

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private Batch filling = new Batch();
    private final Thread encoder;
    /** The first error of the encoding thread (it then discards the rest). */
    private volatile Throwable failure;
    private boolean closed;

    /** Writes to {@code file}, which must not exist yet (write to a temporary path and rename). */
    public ParquetObservationWriter(Path file) throws IOException {
        this(file, java.util.Map.of());
    }

    /**
     * Writes to {@code file} with {@code footer} added to the footer's key-value metadata (the run's identity,
     * {@code dmreplay.run.*}).
     */
    public ParquetObservationWriter(Path file, java.util.Map<String, String> footer) throws IOException {
        this.support = new Support(footer);
        this.writer = LocalParquet.builder(new LocalOutputFile(file), support)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(32L << 20)
                // time, bio, sector and value are nearly all distinct: a dictionary for them is built, found too
                // large and dropped page after page (13 % of a replay's CPU at --observe all); the names and enums
                // repeat and keep theirs
                .withDictionaryEncoding("time", false)
                .withDictionaryEncoding("bio", false)
                .withDictionaryEncoding("sector", false)
                .withDictionaryEncoding("value", false)
                .withPageWriteChecksumEnabled(true) // the reader verifies it: a damaged page is refused, not decoded
                .build();
        for (int i = 1; i < BATCHES; i++) {
            free.add(new Batch());
        }
        encoder = new Thread(this::encode, "observation-writer");
        encoder.setDaemon(true);
        encoder.start();
    }

    /** The encoding thread: writes each batch in order until the last. */
    private void encode() {
        while (true) {
            Batch b = takeUninterruptibly(full);
            if (failure == null) {
                try {
                    for (int i = 0; i < b.size; i++) {
                        writer.write(b.items[i]);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
            }
            java.util.Arrays.fill(b.items, 0, b.size, null);
            b.size = 0;
            if (b.last) {
                return;
            }
            free.add(b);
        }
    }

    private static Batch takeUninterruptibly(BlockingQueue<Batch> q) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handOver(boolean last) {
        filling.last = last;
        boolean interrupted = false;
        while (true) {
            try {
                full.put(filling);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        filling = last ? null : takeUninterruptibly(free);
    }

    private void throwFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f != null) {
            throw (Error) f;
        }
    }

    public long rows() {
        return rows;
    }

    /**
     * Sets footer values known only once the run is over (the trace's digest, hashed while the model ran). Each key
     * must have been given, with a placeholder value, when the file was opened: the footer then lists the same
     * entries in the same order as if the value had been known then. Call before {@link #close}.
     */
    public void completeFooter(java.util.Map<String, String> values) {
        for (java.util.Map.Entry<String, String> e : values.entrySet()) {
            if (!support.footer.containsKey(e.getKey())) {
                throw new IllegalArgumentException("footer key " + e.getKey() + " was not given when the file was"
                        + " opened");
            }
            support.footer.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void on(Observation o) {
        if (failure != null) {
            try {
                throwFailure();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        filling.items[filling.size++] = o;
        rows++;
        if (filling.size == BATCH) {
            handOver(false);
        }
    }

    /** Hands over the last observations, waits for the encoding thread to write them, then closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        handOver(true);
        boolean interrupted = false;
        while (encoder.isAlive()) {
            try {
                encoder.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure;
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            if (f == null) {
                throw e;
            }
            f.addSuppressed(e);
        }
        throwFailure();
    }

    private static final class Support extends LocalParquet.RecordSupport<Observation> {
        /** The footer's key-value metadata, written at close (values may be completed until then). */
        final HashMap<String, String> footer;

        Support(java.util.Map<String, String> given) {
            this(footerOf(given));
        }

        private Support(HashMap<String, String> footer) {
            super(SCHEMA, () -> footer);
            this.footer = footer;
        }

        private static HashMap<String, String> footerOf(java.util.Map<String, String> given) {
            HashMap<String, String> kv = new HashMap<>(given);
            kv.put(FREES_OBSERVED_KEY, "true");
            kv.put(VERSION_KEY, Integer.toString(VERSION));
            return kv;
        }

        @Override
        public void write(Observation o) {
            rc.startMessage();
            int64("time", 0, o.time());
            string("kind", 1, o.kind().name());
            string("task", 2, o.task());
            string("device", 3, o.device());
            string("resource", 4, o.resource());
            int64("bio", 5, o.bio());
            int64("sector", 6, o.sector());
            int32("sectors", 7, o.sectors());
            int64("value", 8, o.value());
            string("detail", 9, o.detail());
            enumName("role", 10, o.role());
            enumName("split", 11, o.split());
            enumName("alloc", 12, o.alloc());
            if (o.pool() != null) {
                string("pool", 13, o.pool().name());
                enumName("pool_kind", 14, o.pool().kind());
            }
            enumName("free_to", 15, o.freeTo());
            enumName("rescue", 16, o.rescue());
            if (o.status() != 0) {
                int32("status", 17, o.status());
            }
            string("rwbs", 18, o.rwbs());
            if (!o.flags().isEmpty()) {
                rc.startField("flags", 19);
                for (BioFlag f : o.flags()) {
                    rc.addBinary(enumBytes(f));
                }
                rc.endField("flags", 19);
            }
            enumName("order", 20, o.order());
            rc.endMessage();
        }
    }
}
