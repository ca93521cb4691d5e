package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An option naming a directory that files are written into ({@code analyze -o}, {@code compare --csv}). Checked
 * before any work, so that an existing file in its place is one line naming the option instead of a file-system
 * exception after the analysis has run (the files inside are written atomically one by one, by
 * {@link dev.dmreplay.ingest.io.AtomicOutput}).
 */
final class OutputDirectoryArg {
    private OutputDirectoryArg() {
    }

    /**
     * @param option the option as the user typed it, named in the error
     * @param dir    the option's value; null when the option was not given
     * @throws OptionException when {@code dir} exists and is not a directory
     */
    static void requireDirectoryOrAbsent(String option, Path dir) {
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw OptionException.of(option, dir + " is a file, expected a directory to write into (it is created"
                    + " when missing)");
        }
    }
}
