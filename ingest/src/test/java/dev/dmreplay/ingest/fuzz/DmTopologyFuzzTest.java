package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.TableFormatException;
import java.nio.charset.StandardCharsets;

/** {@code dmsetup table} parsing ({@link DmTopology#parse}) over arbitrary text. Input: the table text. */
class DmTopologyFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void table(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            DmTopology.parse("fuzz.table", text);
        } catch (TableFormatException expected) {
            // bad table, rejected the documented way
        }
    }
}
