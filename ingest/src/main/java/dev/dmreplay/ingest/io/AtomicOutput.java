package dev.dmreplay.ingest.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file atomically: everything goes to a temporary file beside the target, which replaces the target
 * only on {@link #commit()}. Closing without commit deletes the temporary file, so a failed run leaves no
 * half-written output behind.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/null}, a FIFO, a terminal) is written directly:
 * renaming onto it would replace the device node.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(path)) {
 *     write(out.path());        // or out.stream()
 *     out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final boolean direct;
    private OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
        this.direct = target.equals(temp);
    }

    public static AtomicOutput create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs)) {
            return new AtomicOutput(abs, abs);
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        return new AtomicOutput(abs, temp);
    }

    /** The temporary path to write to (for libraries that want a path). */
    public Path path() {
        return temp;
    }

    /** A buffered stream onto the temporary file (opened on first use). */
    public OutputStream stream() throws IOException {
        if (stream == null) {
            stream = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        }
        return stream;
    }

    public Path target() {
        return target;
    }

    /** Closes the stream if open and renames the temporary file onto the target. */
    public void commit() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
        if (direct) {
            committed = true;
            return;
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                if (stream != null) {
                    stream.close();
                }
            } finally {
                if (!direct) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }
}
