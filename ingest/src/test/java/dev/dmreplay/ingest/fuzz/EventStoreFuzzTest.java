package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.store.ParquetEventSource;
import dev.dmreplay.ingest.store.ParquetEventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet event store ({@link ParquetEventWriter}, {@link ParquetEventSource}) over records with arbitrary
 * field values (any action word, u32 and u64 extremes, payloads of up to 64 arbitrary bytes). Invariants:
 * <ul>
 *   <li>a store round-trips: the records read back equal the records written, in order;</li>
 *   <li>corruption is detected, not read: after up to four bytes of the file are changed (fuzzer-chosen offsets
 *       and XOR masks), reading either refuses the file with a {@link TraceFormatException} (page checksum, footer
 *       event count, a damaged footer or header) or returns exactly the records written (the byte was in a part
 *       that holds no row data, such as column statistics).</li>
 * </ul>
 * Input layout (as {@link FuzzedDataProvider} takes it): the number of changed bytes and their offsets and masks,
 * then the records' fields until the input is used up (at most 200 records).
 */
class EventStoreFuzzTest {
    private static final int MAX_RECORDS = 200;
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void store(FuzzedDataProvider data) throws IOException {
        int changes = data.consumeInt(0, 4);
        int[] offsets = new int[changes];
        int[] masks = new int[changes];
        for (int i = 0; i < changes; i++) {
            offsets[i] = data.consumeInt(0, Integer.MAX_VALUE);
            masks[i] = data.consumeInt(1, 255);
        }
        List<BlockEvent> written = new ArrayList<>();
        while (written.size() < MAX_RECORDS && data.remainingBytes() > 0) {
            written.add(record(data));
        }
        Path file = dir.resolve("events.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file, ParquetEventWriter.Options.DEFAULT, "fuzz",
                List.of("fuzz"), Map.of())) {
            for (BlockEvent e : written) {
                w.write(e);
            }
            w.commit();
        }
        try {
            if (changes > 0) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i < changes; i++) {
                    int at = offsets[i] % bytes.length;
                    bytes[at] ^= (byte) masks[i];
                }
                Files.write(file, bytes);
            }
            List<BlockEvent> back = new ArrayList<>();
            try (ParquetEventSource s = ParquetEventSource.open(file)) {
                for (BlockEvent e = s.next(); e != null; e = s.next()) {
                    back.add(e);
                }
            } catch (TraceFormatException refused) {
                if (changes == 0) {
                    throw new AssertionError("an intact store was refused: " + refused.getMessage(), refused);
                }
                return; // the damage was detected
            }
            if (!back.equals(written)) {
                throw new AssertionError((changes == 0 ? "an intact store" : changes + " changed byte(s)")
                        + " read back as different records: " + written.size() + " written, " + back.size()
                        + " read" + firstDifference(written, back));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static BlockEvent record(FuzzedDataProvider data) {
        return new BlockEvent(data.consumeLong(), data.consumeInt(), data.consumeLong(), data.consumeInt(),
                data.consumeInt(), data.consumeInt(), data.consumeInt(), data.consumeInt(),
                data.consumeInt(0, 0xffff), data.consumeBytes(data.consumeInt(0, 64)),
                data.consumeBoolean() ? data.consumeInt() : 0);
    }

    private static String firstDifference(List<BlockEvent> a, List<BlockEvent> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "; first difference at row " + i + ": " + a.get(i) + " became " + b.get(i);
            }
        }
        return "";
    }
}
