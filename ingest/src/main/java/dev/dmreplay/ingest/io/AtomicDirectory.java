package dev.dmreplay.ingest.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes a directory as a whole (a replay's run directory): everything goes into a temporary directory
 * {@code .NAME.tmp-PID} beside the target, which takes the target's place only on {@link #commit()}; closing
 * without commit deletes it, so the target is either the previous run's or the new run's, never a mix and never
 * half-written. A lock on {@code .NAME.lock} (kept beside the target: deleting a lock file races with the next
 * locker) is held from {@link #create} to {@link #close()}, so a second writer of the same directory is refused
 * before it does any work, naming the directory.
 *
 * <p>An existing target is replaced only if it holds nothing but the files a run writes ({@code ours}): a
 * directory with anything else in it is refused, so {@code -o .} cannot delete someone's files. Temporary
 * directories of processes that are gone (SIGKILL, the kernel's OOM killer) are removed by the next writer; a
 * previous run moved aside as {@code .NAME.old-PID} by a process that died before finishing the swap is moved back.
 */
public final class AtomicDirectory implements AutoCloseable {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(AtomicDirectory::deleteTree),
                "dmreplay-temp-dir-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean committed;

    private AtomicDirectory(Path target, Path temp, FileChannel lockChannel, FileLock lock) {
        this.target = target;
        this.temp = temp;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks {@code target} and creates the temporary directory to write into.
     *
     * @param ours the file names a run writes (an existing target holding only these may be replaced)
     */
    public static AtomicDirectory create(Path target, Set<String> ours) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw RunDirectoryException.of(target.toString(), "is the root directory, expected a run directory");
        }
        String name = abs.getFileName().toString();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw RunDirectoryException.of(target.toString(), "is a file, expected a run directory to write");
        }
        Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(parent.resolve("." + name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM (another run of a batch)
        }
        if (lock == null) {
            ch.close();
            throw RunDirectoryException.of(target.toString(), "another dmreplay is writing this run directory (it"
                    + " holds " + parent.resolve("." + name + ".lock") + "): wait for it or give another -o");
        }
        try {
            recoverStale(parent, name, abs);
            if (Files.isDirectory(abs)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs)) {
                    for (Path p : ds) {
                        String n = p.getFileName().toString();
                        if (!ours.contains(n) || !Files.isRegularFile(p)) {
                            throw RunDirectoryException.of(target.toString(), "holds " + n + ", which a run"
                                    + " directory does not: give a new or empty directory (it would be replaced)");
                        }
                    }
                }
            }
            Path temp = parent.resolve(tempName(name, ProcessHandle.current().pid()));
            deleteTree(temp);
            Files.createDirectory(temp);
            LIVE.add(temp);
            PendingOutputs.add(temp, target);
            return new AtomicDirectory(abs, temp, ch, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    static String tempName(String name, long pid) {
        return "." + name + ".tmp-" + pid;
    }

    static String asideName(String name, long pid) {
        return "." + name + ".old-" + pid;
    }

    /** The directory to write into. */
    public Path path() {
        return temp;
    }

    public Path target() {
        return target;
    }

    /** Puts the written directory in the target's place (the previous one, if any, is deleted). */
    public void commit() throws IOException {
        Path aside = null;
        if (Files.exists(target)) {
            aside = target.resolveSibling(asideName(target.getFileName().toString(), ProcessHandle.current().pid()));
            deleteTree(aside);
            move(target, aside);
        }
        move(temp, target);
        LIVE.remove(temp);
        PendingOutputs.remove(temp);
        committed = true;
        if (aside != null) {
            deleteTree(aside);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() throws IOException {
        if (!lockChannel.isOpen()) {
            return;
        }
        try {
            if (!committed) {
                deleteTree(temp);
                LIVE.remove(temp);
                PendingOutputs.abandon(temp);
            }
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    /**
     * Under the lock: deletes the temporary directories of processes that are gone, and moves back a previous run
     * that a dead process had moved aside but not replaced.
     */
    private static void recoverStale(Path parent, String name, Path target) {
        String tmp = "." + name + ".tmp-";
        String old = "." + name + ".old-";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(tmp) || n.startsWith(old);
        })) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String pid = n.substring(n.startsWith(tmp) ? tmp.length() : old.length());
                if (pid.isEmpty() || pid.length() >= 19 || !pid.chars().allMatch(Character::isDigit)
                        || ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
                    continue;
                }
                if (n.startsWith(old) && !Files.exists(target)) {
                    move(p, target);
                } else {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // a stale directory we cannot list or remove is left; it never shadows an output
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: what is left is named .NAME.tmp-PID and removed by the next writer
        }
    }
}
