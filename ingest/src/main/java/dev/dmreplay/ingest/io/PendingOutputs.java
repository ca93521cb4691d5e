package dev.dmreplay.ingest.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outputs being written right now ({@link AtomicOutput}, {@link AtomicDirectory}), so that a write refused by
 * the system (a file-size limit, a full file system) is reported naming what could not be written: the library
 * that wrote it (Parquet, Jackson) reports only the system's words, "File too large".
 */
public final class PendingOutputs {
    /** The system's messages for a write refused for lack of room (EFBIG, ENOSPC, EDQUOT). */
    private static final List<String> NO_ROOM = List.of("File too large", "No space left on device",
            "Disk quota exceeded");
    /** Temporary path → the target it becomes. */
    private static final Map<Path, Path> PENDING = new ConcurrentHashMap<>();
    /** The last outputs given up, oldest first. */
    private static final Map<Path, Path> ABANDONED = new java.util.LinkedHashMap<>();

    private PendingOutputs() {
    }

    static void add(Path temp, Path target) {
        PENDING.put(temp, target);
    }

    /** Committed: no longer pending. */
    static void remove(Path temp) {
        PENDING.remove(temp);
    }

    /**
     * Given up (closed without commit, usually as an exception passes): kept among the last few given up, since
     * the error is described after the output's {@code close()} ran.
     */
    static void abandon(Path temp) {
        Path target = PENDING.remove(temp);
        if (target != null) {
            synchronized (ABANDONED) {
                ABANDONED.put(temp, target);
                while (ABANDONED.size() > 16) {
                    ABANDONED.remove(ABANDONED.keySet().iterator().next());
                }
            }
        }
    }

    /** Whether {@code e} (or a cause) is a write refused for lack of room; its system message then, else null. */
    public static String noRoom(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                for (String s : NO_ROOM) {
                    if (m.contains(s)) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The one line for a write refused for lack of room: the outputs that were being written (outermost: a file
     * written inside a run directory's temporary directory is named by the run directory) and that nothing of
     * theirs was replaced.
     */
    public static String describe(String systemMessage) {
        Map<Path, Path> all = new java.util.HashMap<>(PENDING);
        synchronized (ABANDONED) {
            all.putAll(ABANDONED);
        }
        List<Path> temps = List.copyOf(all.keySet());
        List<String> targets = new java.util.ArrayList<>();
        for (Path t : temps) {
            boolean inner = false;
            for (Path other : temps) {
                if (!other.equals(t) && t.startsWith(other)) {
                    inner = true;
                }
            }
            if (!inner) {
                targets.add(all.get(t).toString());
            }
        }
        java.util.Collections.sort(targets);
        String what = targets.isEmpty() ? "the output" : String.join(", ", targets);
        return "cannot write " + what + " (" + systemMessage + ": a file-size limit, ulimit -f, or a full file"
                + " system); nothing was written, a previous " + (targets.size() > 1 ? "output is" : "one is")
                + " kept as it was";
    }

    /** Wraps {@code e} as one line naming the pending outputs, if it is a write refused for lack of room. */
    public static IOException named(IOException e) {
        String m = noRoom(e);
        return m == null ? e : new IOException(describe(m), e);
    }
}
