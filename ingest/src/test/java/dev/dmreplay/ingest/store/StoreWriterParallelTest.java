package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row groups encoded on worker threads ({@link RowGroupPipeline}): same file, same rows, nothing left on failure. */
class StoreWriterParallelTest {
    @TempDir
    Path dir;

    private static final ParquetEventWriter.Options SMALL = new ParquetEventWriter.Options(10_000, 1_000, 3, 0);

    private Path write(String name, List<BlockEvent> events, ParquetEventWriter.Options options) throws IOException {
        Path file = dir.resolve(name);
        try (ParquetEventWriter w = ParquetEventWriter.create(file, options, "random", List.of("sda"), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        return file;
    }

    @Test
    void theFileIsTheSameWhateverTheNumberOfWorkers() throws IOException {
        List<BlockEvent> events = RandomEvents.of(17, 73_123);
        byte[] inline = Files.readAllBytes(write("w0.parquet", events, SMALL));
        for (int workers = 1; workers <= 4; workers++) {
            for (int run = 0; run < 2; run++) {
                Path f = write("w" + workers + "-" + run + ".parquet", events, SMALL.withWorkers(workers));
                assertThat(Files.readAllBytes(f)).as("%d workers, run %d", workers, run).isEqualTo(inline);
            }
        }
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(dir.resolve("w0.parquet")))) {
            assertThat(r.getRowGroups()).hasSize(8);
            assertThat(r.getRowGroups().get(7).getRowCount()).isEqualTo(3_123);
        }
        assertThat(ParquetEventStoreTest.readAll(dir.resolve("w3-0.parquet"))).containsExactlyElementsOf(events);
    }

    @Test
    void rowsAreTheSameWhateverTheRowGroupAndPageSize() throws IOException {
        List<BlockEvent> events = RandomEvents.of(3, 20_000);
        for (ParquetEventWriter.Options o : List.of(new ParquetEventWriter.Options(1, 1, 1, 2),
                new ParquetEventWriter.Options(4_096, 100, 3, 1), new ParquetEventWriter.Options(1 << 20, 1 << 15, 9, 2),
                new ParquetEventWriter.Options(19_999, 20_000, 3, 0))) {
            if (o.rowGroupRows() == 1) {
                // one row per row group: a few hundred rows are enough
                List<BlockEvent> few = events.subList(0, 300);
                assertThat(ParquetEventStoreTest.readAll(write("one.parquet", few, o))).containsExactlyElementsOf(few);
                continue;
            }
            assertThat(ParquetEventStoreTest.readAll(write("o.parquet", events, o))).as("%s", o)
                    .containsExactlyElementsOf(events);
        }
    }

    @Test
    void anAbandonedWriterLeavesNoFileAndNoThreads() throws IOException {
        Path file = dir.resolve("never.parquet");
        List<BlockEvent> events = RandomEvents.of(5, 55_000);
        assertThatThrownBy(() -> {
            try (ParquetEventWriter w = ParquetEventWriter.create(file, SMALL.withWorkers(2), "x", List.of(),
                    Map.of())) {
                for (BlockEvent e : events) {
                    w.write(e); // several row groups submitted and written before the failure
                }
                throw TraceFormatException.of("input", "bad record");
            }
        }).isInstanceOf(TraceFormatException.class);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
        // the pool has terminated when close() returns; a worker thread may take a moment more to exit after it
        // left the pool, so each is given a bounded join rather than checked at one instant
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("dmreplay-store-encoder")) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dmreplay-store-encoder")
                && t.isAlive());
    }

    @Test
    void anEmptyStoreHasNoRowGroupsAndReadsBackEmpty() throws IOException {
        Path file = write("empty.parquet", List.of(), SMALL.withWorkers(2));
        assertThat(ParquetEventStoreTest.readAll(file)).isEmpty();
        try (ParquetEventSource s = ParquetEventSource.open(file)) {
            assertThat(s.metadata().events()).isZero();
        }
    }
}
