package dev.dmreplay.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dmreplay.ingest.model.BlockEvent;
import java.nio.file.Path;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up goes through the whole writing path: what it writes is a store the reader reads back. */
class StoreWriterWarmUpTest {

    @Test
    void writesAStoreTheReaderReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warm.parquet");
        int rows = StoreWriterWarmUp.write(new LocalOutputFile(file));
        try (ParquetEventSource in = ParquetEventSource.open(file)) {
            assertEquals("warm-up", in.metadata().source());
            assertEquals(rows, in.metadata().events());
            int n = 0;
            for (BlockEvent e; (e = in.next()) != null; n++) {
                assertEquals(1000L * n, e.time());
                assertEquals(n % 5 == 0 ? 16 : 0, e.pdu().length);
            }
            assertEquals(rows, n);
            assertNull(in.next());
        }
    }
}
