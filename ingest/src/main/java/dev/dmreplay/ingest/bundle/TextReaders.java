package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.nio.file.Path;

/** Opens the text formats (blkparse text, CSV traces) with their readers. */
final class TextReaders {
    private TextReaders() {
    }

    static EventSource open(TraceFormat format, Path file, ReadOptions options) {
        throw TraceFormatException.of(file.toString(), format.description() + " reader pending merge");
    }
}
