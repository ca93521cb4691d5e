package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.csv.CsvTraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** Opens the text formats (blkparse text, CSV traces) with their readers, decompressing by magic bytes. */
final class TextReaders {
    private TextReaders() {
    }

    /** Device names a text reader knows (blkparse text: from its summary block, once read), else none. */
    static Supplier<Map<DevNo, String>> names(EventSource src) {
        if (src instanceof BlkparseTextSource text) {
            return text::deviceNames;
        }
        return Map::of;
    }

    static EventSource open(TraceFormat format, Path file, ReadOptions options) throws IOException {
        InputStream in = Compression.open(file);
        try {
            return switch (format) {
                case BLKPARSE_TEXT -> new BlkparseTextSource(file.toString(), in, options);
                case CSV -> new CsvTraceSource(file.toString(), in, null, CsvTraceSource.DEFAULT_WINDOW_NS, options);
                default -> throw new IllegalArgumentException(format + " is not a text format");
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
