package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The blkparse text reader over arbitrary bytes. Input: the text, then one trailing byte (bit 0: lenient). Strict
 * reading may only refuse with a {@code TraceFormatException}; lenient reading never throws once the input is open.
 */
class BlkparseTextFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void blkparseText(FuzzedDataProvider data) throws IOException {
        boolean lenient = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Drain.Opener opener = () -> new BlkparseTextSource("fuzz.txt", new ByteArrayInputStream(bytes),
                lenient ? ReadOptions.LENIENT : ReadOptions.STRICT);
        if (lenient) {
            Drain.drainLenient(opener); // lenient reading skips and counts bad lines, it never throws
        } else {
            Drain.drain(opener);
        }
    }
}
