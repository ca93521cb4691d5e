package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.csv.CsvTraceSource;
import dev.dmreplay.ingest.ftrace.FtraceBlockSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.lines.LineTraceFormat;
import dev.dmreplay.ingest.lines.LineTraceSource;
import dev.dmreplay.ingest.records.IoRecordStream;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Opens the text formats (blkparse text, CSV traces, line traces) with their readers, decompressing by magic bytes. */
final class TextReaders {
    private TextReaders() {
    }

    /** Device names a text reader knows (blkparse text: from its summary block, once read), else none. */
    static Supplier<Map<DevNo, String>> names(EventSource src) {
        if (src instanceof BlkparseTextSource text) {
            return text::deviceNames;
        }
        if (src instanceof LineTraceSource lines) {
            return lines::deviceNames;
        }
        if (src instanceof CsvTraceSource csv) {
            return csv::deviceNames;
        }
        return Map::of;
    }

    /** Counts a text reader keeps besides its skips (tracepoint events with no blktrace record), by name. */
    static Supplier<SortedMap<String, Long>> counts(EventSource src) {
        if (src instanceof FtraceBlockSource f) {
            return () -> {
                SortedMap<String, Long> out = new TreeMap<>();
                f.ignored().forEach((event, n) -> out.put("tracepoint_block_" + event + "_without_record", n));
                return out;
            };
        }
        return TreeMap::new;
    }

    private static LineTraceSource lines(Path file, InputStream in, LineTraceFormat f, ReadOptions options)
            throws IOException {
        return new LineTraceSource(file.toString(), in, f, IoRecordStream.DEFAULT_WINDOW_NS, options);
    }

    static EventSource open(TraceFormat format, Path file, ReadOptions options) throws IOException {
        InputStream in = Compression.open(file);
        try {
            return switch (format) {
                case BLKPARSE_TEXT -> new BlkparseTextSource(file.toString(), in, options);
                case CSV -> new CsvTraceSource(file.toString(), in, null, CsvTraceSource.DEFAULT_WINDOW_NS, options);
                case BLKREPLAY -> lines(file, in, LineTraceFormat.BLKREPLAY, options);
                case DISKSIM -> lines(file, in, LineTraceFormat.DISKSIM, options);
                case FIO_IOLOG -> lines(file, in, LineTraceFormat.FIO_IOLOG, options);
                case BIOSNOOP -> lines(file, in, LineTraceFormat.BIOSNOOP, options);
                case FTRACE -> new FtraceBlockSource(file.toString(), in, options);
                default -> throw new IllegalArgumentException(format + " is not a text format");
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
