package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a trace bundle directory holds: its trace inputs (all of one format) and its dm dumps.
 *
 * <p>Without a {@code bundle.json}: every {@code <name>.blktrace.<cpu>[.gz|.xz|.zst]} set is an input (sorted by
 * name, as the blktrace reader orders a directory); if there is none, the one other file whose content is a
 * trace (blkparse text or dump, CSV, Parquet) is used. Dumps are found under their default names
 * ({@code dmsetup-table.txt}, {@code dmsetup-ls-tree.txt}, {@code dmsetup-info-c.txt}, {@code dmsetup-ls.txt},
 * {@code lsblk.txt}, and a thin pool's {@code thin-dump-before.xml}; underscores accepted too).
 *
 * @param dir         the bundle directory
 * @param format      the format of every input
 * @param traces      for {@link TraceFormat#BLKTRACE}: input prefixes {@code dir/<name>}; otherwise one file
 * @param dumps       the dm dumps present
 * @param description from {@code bundle.json}, or null
 */
public record BundleLayout(Path dir, TraceFormat format, List<Path> traces, DmDumps dumps, String description) {

    public BundleLayout {
        traces = List.copyOf(traces);
    }

    /** Scans {@code dir}; a {@link TraceFormatException} when it holds no usable trace. */
    public static BundleLayout scan(Path dir) throws IOException {
        Path manifestFile = dir.resolve(BundleManifest.FILE_NAME);
        if (Files.isRegularFile(manifestFile)) {
            return fromManifest(dir, BundleManifest.read(manifestFile));
        }
        return discover(dir, DmDumps.find(dir), null);
    }

    private static BundleLayout fromManifest(Path dir, BundleManifest m) throws IOException {
        DmDumps defaults = DmDumps.find(dir);
        String where = dir.resolve(BundleManifest.FILE_NAME).toString();
        DmDumps dumps = new DmDumps(
                named(dir, where, "dmsetup_table", m.dmsetupTable(), defaults.table()),
                named(dir, where, "dmsetup_ls_tree", m.dmsetupLsTree(), defaults.lsTree()),
                named(dir, where, "dmsetup_info_c", m.dmsetupInfoC(), defaults.infoC()),
                named(dir, where, "dmsetup_ls", m.dmsetupLs(), defaults.ls()),
                named(dir, where, "lsblk", m.lsblk(), defaults.lsblk()), defaults.thinBefore());
        if (m.traces().isEmpty()) {
            return discover(dir, dumps, m.description());
        }
        List<Path> inputs = new ArrayList<>();
        TraceFormat format = null;
        for (String t : m.traces()) {
            Path p = dir.resolve(t);
            TraceFormat f;
            if (Files.isRegularFile(p)) {
                f = FormatDetector.detect(p);
            } else if (hasPerCpuFiles(dir, t)) {
                f = TraceFormat.BLKTRACE;
            } else {
                throw TraceFormatException.of(where, "traces names '" + t + "', but neither " + p + " nor "
                        + p + ".blktrace.0 exists");
            }
            if (format != null && (f != format || f != TraceFormat.BLKTRACE)) {
                throw TraceFormatException.of(where, "traces mixes inputs ('" + t + "' is " + f.description()
                        + "); expected blktrace input names only, or a single trace file");
            }
            format = f;
            inputs.add(p);
        }
        return new BundleLayout(dir, format, inputs, dumps, m.description());
    }

    private static BundleLayout discover(Path dir, DmDumps dumps, String description) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        TreeSet<String> sets = new TreeSet<>();
        for (String n : names) {
            if (FormatDetector.isPerCpuName(n)) {
                String base = Compression.stripSuffix(n);
                sets.add(base.substring(0, base.lastIndexOf(".blktrace.")));
            }
        }
        if (!sets.isEmpty()) {
            return new BundleLayout(dir, TraceFormat.BLKTRACE, sets.stream().map(dir::resolve).toList(), dumps,
                    description);
        }
        List<Path> found = new ArrayList<>();
        TraceFormat format = null;
        for (String n : names) {
            if (isSideFile(n)) {
                continue;
            }
            Path p = dir.resolve(n);
            try {
                TraceFormat f = FormatDetector.detect(p);
                found.add(p);
                format = f;
            } catch (TraceFormatException notATrace) {
                // notes, scripts and the like sit beside traces; only files that look like traces count
            }
        }
        if (found.isEmpty()) {
            throw TraceFormatException.of(dir.toString(), "no traces in directory: expected <name>.blktrace.<cpu>"
                    + " files, blkparse text, a CSV trace or a Parquet event store (or a bundle.json naming them)");
        }
        if (found.size() > 1) {
            throw TraceFormatException.of(dir.toString(), "several trace files ("
                    + String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList())
                    + "); name the one to read in a bundle.json 'traces' list");
        }
        return new BundleLayout(dir, format, found, dumps, description);
    }

    static boolean hasPerCpuFiles(Path dir, String name) {
        for (Compression c : Compression.values()) {
            if (Files.isRegularFile(dir.resolve(name + ".blktrace.0" + c.suffix()))) {
                return true;
            }
        }
        return false;
    }

    /** Files that are part of a bundle but never a trace. */
    static boolean isSideFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(".") || DmDumps.isDumpName(name) || name.equals(BundleManifest.FILE_NAME)
                || lower.startsWith("readme") || lower.endsWith(".md") || lower.endsWith(".json")
                || lower.endsWith(".stderr") || lower.endsWith(".stdout") || lower.endsWith(".sh");
    }

    private static Path named(Path dir, String where, String key, String name, Path fallback) {
        if (name == null) {
            return fallback;
        }
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw TraceFormatException.of(where, key + " names '" + name + "', which does not exist in " + dir);
        }
        return p;
    }
}
