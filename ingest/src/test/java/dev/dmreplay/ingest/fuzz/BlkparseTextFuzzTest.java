package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** The blkparse text reader over arbitrary bytes. Input: the text, then one trailing byte (bit 0: lenient). */
class BlkparseTextFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void blkparseText(FuzzedDataProvider data) throws IOException {
        boolean lenient = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Drain.drain(() -> new BlkparseTextSource("fuzz.txt", new ByteArrayInputStream(bytes),
                lenient ? ReadOptions.LENIENT : ReadOptions.STRICT));
    }
}
