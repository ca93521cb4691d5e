package dev.dmreplay.ingest.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file atomically: everything goes to a temporary file beside the target, which replaces the target
 * only on {@link #commit()}. Closing without commit deletes the temporary file, so a failed run leaves no
 * half-written output behind.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/null}, a FIFO, a terminal) is written directly:
 * renaming onto it would replace the device node. A target that is an existing directory is refused before any
 * work is done.
 *
 * <p>Temporary files are named {@code .NAME.tmp-PID}. Those still open when the JVM ends (Ctrl-C, SIGTERM, an
 * error escaping everything) are deleted by a shutdown hook; and a run that writes {@code NAME} first deletes
 * the {@code .NAME.tmp-PID} files of processes that no longer exist (a run killed with SIGKILL or by the
 * kernel's OOM killer, which runs no hook).
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

    /** Temporary files not yet committed or closed, deleted by the shutdown hook. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::deleteLive, "dmreplay-temp-cleanup"));
    }

    public static AtomicOutput create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw TraceFormatException.of(target.toString(), "is a directory, expected a file to write");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return new AtomicOutput(abs, abs);
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        deleteStale(dir, abs.getFileName().toString());
        Path temp = dir.resolve(tempName(abs.getFileName().toString(), ProcessHandle.current().pid()));
        Files.deleteIfExists(temp);
        LIVE.add(temp);
        PendingOutputs.add(temp, abs);
        return new AtomicOutput(abs, temp);
    }

    static String tempName(String name, long pid) {
        return "." + name + ".tmp-" + pid;
    }

    /** Deletes {@code .NAME.tmp-PID} files in {@code dir} whose process is gone. */
    static void deleteStale(Path dir, String name) {
        String prefix = "." + name + ".tmp-";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                .startsWith(prefix))) {
            for (Path p : ds) {
                String pid = p.getFileName().toString().substring(prefix.length());
                if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit) && pid.length() < 19
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a stale file we cannot list or remove is left; it never shadows an output
        }
    }

    private static void deleteLive() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort on the way out
            }
        }
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
        LIVE.remove(temp);
        PendingOutputs.remove(temp);
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
                    LIVE.remove(temp);
                    PendingOutputs.abandon(temp);
                }
            }
        }
    }
}
