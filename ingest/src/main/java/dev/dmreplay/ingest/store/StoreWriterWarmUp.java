package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.CategoryV2;
import java.io.IOException;
import java.util.List;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Loads and initialises the event store writer's classes on a thread of their own, while the caller is still
 * starting up (parsing its command line, opening the trace), by writing a small store into a sink that keeps
 * nothing. parquet-mr's file writer and its footer code (about a thousand classes: the Thrift metadata model, the
 * column and offset index builders, the shaded Jackson object mapper that {@code ParquetMetadata} makes when it is
 * first touched) and the native ZSTD library otherwise load on the writer's own thread, before its first record and
 * again at commit, when no other thread has work: about a sixth of an {@code ingest} of five million records on two
 * cores.
 * Nothing is written anywhere and nothing is shared with the real writer but the JVM's loaded classes, so the store
 * is the same with or without it; a failure here is ignored (the real writer reports its own).
 */
final class StoreWriterWarmUp implements Runnable {

    private StoreWriterWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    static void start() {
        Thread t = new Thread(new StoreWriterWarmUp(), "dmreplay-warm-up-store");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    @Override
    public void run() {
        try {
            write(new Discard());
        } catch (IOException | RuntimeException | LinkageError ignored) {
            // best effort: the writer loads what it needs itself
        }
    }

    /**
     * Writes one row group of a few rows of every kind the encoder treats apart, then the footer, to {@code out};
     * returns the rows written.
     */
    static int write(OutputFile out) throws IOException {
        EventBatch batch = new EventBatch(64, 64);
        byte[] remap = {0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7};
        for (int i = 0; i < 48; i++) {
            int action = (i % 3 == 0 ? Category.WRITE : 0) | Category.QUEUE | (1 + i % 4);
            int kind = i == 47 ? Category.NOTIFY | 1 : action;
            byte[] pdu = i % 5 == 0 ? remap : BlockEvent.NO_PDU;
            int ext = i % 7 == 0 ? CategoryV2.FROM_V2 | CategoryV2.WRITE_ZEROES : 0;
            batch.add(new BlockEvent(1000L * i, i + 1, 8L * i, 4096, kind, 100 + i % 2, (253 << 20) | (i % 2), i % 2, 0,
                    pdu, ext));
        }
        ParquetFileWriter file = new ParquetFileWriter(out, EventSchema.SCHEMA, ParquetFileWriter.Mode.OVERWRITE,
                128L << 20, 0, 64, Integer.MAX_VALUE, true);
        file.start();
        try (RowGroupEncoder encoder = new RowGroupEncoder(16, 3)) {
            encoder.encode(batch).writeTo(file);
        }
        file.end(new StoreMetadata("warm-up", List.of("dm-0"), List.of("253,0"), new TreeMap<>(), new TreeMap<>(),
                batch.rows).toKeyValues());
        file.close();
        return batch.rows;
    }

    /** An output file that counts the bytes written to it and keeps none. */
    private static final class Discard implements OutputFile {
        long position;

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream();
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream();
        }

        private PositionOutputStream stream() {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) {
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    position += len;
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
