package dev.dmreplay.analyze.batch;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a batch recognises traces among file names and names them, the same for local paths and Hadoop paths: a
 * directory holding per-CPU files ({@code dev.blktrace.N}), dmsetup dumps or a {@code bundle.json} is one trace;
 * a set of per-CPU files is named by its device; a {@code .list} or {@code .txt} file may list traces.
 */
public final class TraceNames {
    /** A blktrace per-CPU file, optionally compressed: group 1 the device, group 2 the CPU. */
    public static final Pattern PER_CPU = Pattern.compile("(.+)\\.blktrace\\.(\\d+)(\\.(gz|xz|zst))?");

    private TraceNames() {
    }

    /** Whether a directory entry with this name makes its directory a trace (bundle or per-CPU files). */
    public static boolean marksTraceDirectory(String entry) {
        return PER_CPU.matcher(entry).matches() || entry.startsWith("dmsetup") || entry.equals("bundle.json");
    }

    /** Whether a directory entry is skipped when a directory of traces is expanded (hidden files, READMEs). */
    public static boolean ignored(String entry) {
        return entry.startsWith(".") || entry.toLowerCase(Locale.ROOT).endsWith(".md");
    }

    /** Whether a file may be a list of traces (it is one if its lines name existing paths). */
    public static boolean mayBeList(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".list") || n.endsWith(".txt");
    }

    /** The CPU of a per-CPU file name, or {@code Integer.MAX_VALUE}. */
    public static int cpu(String fileName) {
        Matcher m = PER_CPU.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(2)) : Integer.MAX_VALUE;
    }

    /** A trace's name in a batch: its file name without a {@code .blktrace.N} suffix. */
    public static String name(String fileName) {
        return fileName.replaceFirst("\\.blktrace\\.\\d+$", "");
    }

    /** {@code name}, or {@code name-2}, {@code name-3}, ... when already used; adds the result to {@code used}. */
    public static String unique(String name, Set<String> used) {
        String n = name.isEmpty() ? "trace" : name;
        String u = n;
        for (int i = 2; !used.add(u); i++) {
            u = n + "-" + i;
        }
        return u;
    }
}
