package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.ftrace.FtraceBlockSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.lines.LineTraceFormat;
import dev.dmreplay.ingest.lines.LineTraceSource;
import dev.dmreplay.ingest.records.IoRecordStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The line-oriented readers (blkreplay, DiskSim/MQSim, fio iolog, biosnoop) and the block tracepoint text reader
 * over arbitrary bytes. Input layout: the text, then one trailing byte: bit 0 lenient, bits 1-3 the reader
 * (0 sniffed, 1-4 a {@link LineTraceFormat} given, 5+ the tracepoint reader). Strict reading may only refuse
 * with a {@code TraceFormatException}; lenient reading must never throw once the input is open.
 */
class LineTracesFuzzTest {
    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void lines(FuzzedDataProvider data) throws IOException {
        int flags = data.consumeByte();
        boolean lenient = (flags & 1) != 0;
        int which = (flags >> 1) & 7;
        byte[] bytes = data.consumeRemainingAsBytes();
        ReadOptions o = lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
        Drain.Opener opener;
        if (which >= 5) {
            opener = () -> new FtraceBlockSource("fuzz.txt", new ByteArrayInputStream(bytes), o);
        } else {
            LineTraceFormat f = which == 0 ? null : LineTraceFormat.values()[which - 1];
            opener = () -> new LineTraceSource("fuzz.txt", new ByteArrayInputStream(bytes), f,
                    IoRecordStream.DEFAULT_WINDOW_NS, o);
        }
        if (lenient) {
            Drain.drainLenient(opener);
        } else {
            Drain.drain(opener);
        }
    }
}
