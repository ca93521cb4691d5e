package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.csv.CsvTraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Opens the text formats (blkparse text, CSV traces) with their readers, decompressing by magic bytes. */
final class TextReaders {
    private TextReaders() {
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
