package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.bundle.StdinTrace;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace argument as the trace commands ({@code info}, {@code ingest}, {@code analyze}, {@code replay}) read it:
 * {@code -} or {@code /dev/stdin} is standard input, copied once into a temporary directory
 * ({@link StdinTrace}); anything else is the path itself.
 */
final class TraceArg {
    private TraceArg() {
    }

    static Path of(Path given) throws IOException {
        return StdinTrace.isStdin(given) ? StdinTrace.materialise(System.in) : given;
    }
}
