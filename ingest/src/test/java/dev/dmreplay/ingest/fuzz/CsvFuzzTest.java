package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.csv.CsvTraceFormat;
import dev.dmreplay.ingest.csv.CsvTraceSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The CSV trace readers (MSR, Alibaba, Tencent, or sniffed) over arbitrary bytes. Input: the text, then one
 * trailing byte: bit 0 lenient, bits 1-2 the format (0 sniff, 1 MSR, 2 Alibaba, 3 Tencent), bit 3 a zero
 * reorder window instead of the default. Strict reading may only refuse with a {@code TraceFormatException};
 * lenient reading never throws once the input is open.
 */
class CsvFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void csv(FuzzedDataProvider data) throws IOException {
        int flags = data.consumeByte();
        boolean lenient = (flags & 1) != 0;
        int which = (flags >> 1) & 3;
        boolean zeroWindow = (flags & 8) != 0;
        byte[] bytes = data.consumeRemainingAsBytes();
        CsvTraceFormat format = which == 0 ? null : CsvTraceFormat.values()[which - 1];
        long window = zeroWindow ? 0 : CsvTraceSource.DEFAULT_WINDOW_NS;
        Drain.Opener opener = () -> new CsvTraceSource("fuzz.csv", new ByteArrayInputStream(bytes), format, window,
                lenient ? ReadOptions.LENIENT : ReadOptions.STRICT);
        if (lenient) {
            Drain.drainLenient(opener); // lenient reading skips and counts bad rows, it never throws
        } else {
            Drain.drain(opener);
        }
    }
}
