package dev.dmreplay.analyze.batch;

import dev.dmreplay.ingest.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * One line saying why a run failed, for the {@code error} column: the message of bad input
 * ({@link BadInputException}, a missing or unreadable file), "internal error: ..." for anything else (a bug,
 * {@link IllegalArgumentException} included), so that the batch's exit code can tell the two apart.
 */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof BadInputException) {
            return oneLine(t.getMessage());
        }
        if (t instanceof IOException) {
            return t.getClass().getSimpleName() + ": " + oneLine(t.getMessage());
        }
        return "internal error: " + oneLine(String.valueOf(t));
    }

    /** Whether an error column written by {@link #describe} is an internal error rather than bad input. */
    public static boolean isInternal(String error) {
        return error != null && error.startsWith("internal error: ");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
