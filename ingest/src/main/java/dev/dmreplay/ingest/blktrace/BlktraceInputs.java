package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the files behind an input path, the way {@code blkparse -i} does ({@code setup_file()} and
 * {@code name_fixup()} in blkparse 1.2.0):
 *
 * <ul>
 *   <li>a per-CPU file {@code <name>.blktrace.<cpu>} stands for the whole set {@code <name>};</li>
 *   <li>a prefix {@code <dir>/<name>} opens {@code <dir>/<name>.blktrace.0, .1, ...};</li>
 *   <li>a directory holds one input per set name found in it, in sorted name order (blkparse has no directory
 *       mode; sorted order makes the result deterministic);</li>
 *   <li>any other regular file is a merged {@code blkparse -d} dump.</li>
 * </ul>
 *
 * In a set the CPU scan stops at the first missing number; zero-length files are skipped without stopping it.
 * Each per-CPU file may be compressed ({@code .gz}, {@code .xz}, {@code .zst}).
 */
public final class BlktraceInputs {
    static final String[] COMPRESSED = {"", ".gz", ".xz", ".zst"};
    private static final Pattern PER_CPU = Pattern.compile("(.+)\\.blktrace\\.(\\d+)(\\.gz|\\.xz|\\.zst)?");

    private BlktraceInputs() {
    }

    /** Resolves one path given on the command line into one or more inputs. */
    public static List<BlktraceInput> resolve(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        Path fileName = path.getFileName();
        if (fileName == null) {
            throw TraceFormatException.of(path.toString(), "not a blktrace file, set prefix or directory");
        }
        Matcher m = PER_CPU.matcher(fileName.toString());
        if (m.matches()) {
            return List.of(set(parentOf(path), m.group(1)));
        }
        if (Files.isRegularFile(path)) {
            if (Files.size(path) == 0) {
                throw TraceFormatException.atByte(path.toString(), 0, "empty file: expected blktrace records");
            }
            return List.of(new BlktraceInput(fileName.toString(), List.of(new CpuFile(-1, path)), -1));
        }
        return List.of(set(parentOf(path), fileName.toString()));
    }

    private static Path parentOf(Path p) {
        Path parent = p.getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** The set {@code dir/name.blktrace.N}: CPU 0 must exist; the scan stops at the first missing number. */
    static BlktraceInput set(Path dir, String name) {
        List<CpuFile> files = new ArrayList<>();
        for (int cpu = 0; ; cpu++) {
            Path found = perCpuFile(dir, name, cpu);
            if (found == null) {
                if (cpu == 0) {
                    throw TraceFormatException.of(dir.resolve(name).toString(),
                            "no input files found (expected " + name + ".blktrace.0 in " + dir + ")");
                }
                break;
            }
            try {
                if (Files.size(found) == 0) {
                    continue;
                }
            } catch (IOException e) {
                throw TraceFormatException.of(found.toString(), "cannot read: " + e.getMessage());
            }
            files.add(new CpuFile(cpu, found));
        }
        return new BlktraceInput(name, files, -1);
    }

    private static Path perCpuFile(Path dir, String name, int cpu) {
        for (String suffix : COMPRESSED) {
            Path p = dir.resolve(name + ".blktrace." + cpu + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static List<BlktraceInput> directory(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                Matcher m = PER_CPU.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    names.add(m.group(1));
                }
            });
        }
        if (names.isEmpty()) {
            throw TraceFormatException.of(dir.toString(), "directory holds no blktrace files (<name>.blktrace.<cpu>)");
        }
        List<BlktraceInput> inputs = new ArrayList<>();
        for (String name : names) {
            inputs.add(set(dir, name));
        }
        return inputs;
    }
}
