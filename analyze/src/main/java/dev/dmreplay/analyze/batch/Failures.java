package dev.dmreplay.analyze.batch;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** One line saying why a run failed, for the {@code error} column: the message of bad input, the type otherwise. */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof TraceFormatException || t instanceof IllegalArgumentException) {
            return oneLine(t.getMessage());
        }
        if (t instanceof IOException) {
            return t.getClass().getSimpleName() + ": " + oneLine(t.getMessage());
        }
        return "internal error: " + oneLine(String.valueOf(t));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
