package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.batch.TraceNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the arguments of {@code dmreplay batch} into traces: a trace directory (bundle or per-CPU files) is one
 * trace; any other directory holds one trace per entry (sub-directories, files, per-CPU sets by name); a list file
 * ({@code .list} or {@code .txt} whose lines all name existing paths, relative to the list) names traces; anything
 * else is a trace itself.
 */
final class BatchInputs {
    private static final Pattern PER_CPU = TraceNames.PER_CPU;

    private BatchInputs() {
    }

    static List<Path> expand(List<Path> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path a : args) {
            if (!Files.exists(a)) {
                throw new NoSuchFileException(a.toString());
            }
            if (Files.isDirectory(a)) {
                if (isTraceDirectory(a)) {
                    out.add(a);
                } else {
                    out.addAll(entries(a));
                }
            } else {
                List<Path> listed = list(a);
                out.addAll(listed != null ? listed : List.of(a));
            }
        }
        return out;
    }

    /** A bundle or a directory of per-CPU files: it has per-CPU files or dmsetup dumps at its top level. */
    static boolean isTraceDirectory(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(TraceNames::marksTraceDirectory);
        }
    }

    private static List<Path> entries(Path d) throws IOException {
        List<Path> kids;
        try (Stream<Path> s = Files.list(d)) {
            kids = s.filter(p -> !TraceNames.ignored(p.getFileName().toString())).sorted().toList();
        }
        List<Path> out = new ArrayList<>();
        TreeMap<String, Path> sets = new TreeMap<>();
        for (Path k : kids) {
            Matcher m = PER_CPU.matcher(k.getFileName().toString());
            if (Files.isRegularFile(k) && m.matches()) {
                // one entry per set: its lowest-numbered per-CPU file stands for the whole set
                sets.merge(m.group(1), k, (x, y) -> cpu(x) <= cpu(y) ? x : y);
            } else {
                out.add(k);
            }
        }
        out.addAll(sets.values());
        out.sort(null);
        return out;
    }

    private static int cpu(Path p) {
        Matcher m = PER_CPU.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : Integer.MAX_VALUE;
    }

    /** The paths a list file names, or null when {@code f} is not a list file. */
    private static List<Path> list(Path f) throws IOException {
        if (!TraceNames.mayBeList(f.getFileName().toString())) {
            return null;
        }
        if (Files.size(f) > 1 << 20) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        Path base = f.toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            Path p;
            try {
                p = Path.of(s);
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
            if (!p.isAbsolute()) {
                p = base.resolve(p);
            }
            out.add(p);
        }
        // a list names paths; text that does not (e.g. blkparse output) is a trace; missing entries of a list
        // whose other entries exist are reported per trace
        boolean anyExists = out.stream().anyMatch(Files::exists);
        return out.isEmpty() || !anyExists ? null : out;
    }
}
