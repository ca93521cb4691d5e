package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.TraceNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands the job's arguments into traces on any Hadoop file system, by the rules of the local batch
 * ({@link TraceNames}): a glob is expanded first; a directory that is itself a trace is one trace, another directory
 * holds one trace per entry (a per-CPU set counting once); a {@code .list}/{@code .txt} file whose lines name
 * existing paths lists traces (relative to the list); anything else is a trace. A trace on the local file system is
 * given by its plain path, as the local batch names it.
 */
final class HadoopTraces {
    private HadoopTraces() {
    }

    static List<String> expand(List<String> args, Configuration conf) throws IOException {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            Path p = new Path(a);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new java.nio.file.NoSuchFileException(a);
            }
            Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
            // a relative local argument names its traces relative to the working directory, as the local batch
            // does (the rows' input column and the run files then match); list entries are absolute in both
            boolean relative = local(fs) && !p.isAbsolute() && p.toUri().getScheme() == null;
            for (FileStatus m : matches) {
                out.addAll(one(fs, m, relative));
            }
        }
        return out;
    }

    private static List<String> one(FileSystem fs, FileStatus s, boolean relative) throws IOException {
        if (s.isDirectory()) {
            FileStatus[] kids = fs.listStatus(s.getPath());
            Arrays.sort(kids, Comparator.comparing(k -> k.getPath().getName()));
            if (Arrays.stream(kids).anyMatch(k -> TraceNames.marksTraceDirectory(k.getPath().getName()))) {
                return List.of(name(fs, s.getPath(), relative));
            }
            List<String> out = new ArrayList<>();
            TreeMap<String, Path> sets = new TreeMap<>();
            for (FileStatus k : kids) {
                String n = k.getPath().getName();
                if (TraceNames.ignored(n)) {
                    continue;
                }
                var m = TraceNames.PER_CPU.matcher(n);
                if (k.isFile() && m.matches()) {
                    sets.merge(m.group(1), k.getPath(), (x, y) ->
                            TraceNames.cpu(x.getName()) <= TraceNames.cpu(y.getName()) ? x : y);
                } else {
                    out.add(name(fs, k.getPath(), relative));
                }
            }
            sets.values().forEach(p -> out.add(name(fs, p, relative)));
            out.sort(null);
            return out;
        }
        List<String> listed = list(fs, s);
        return listed != null ? listed : List.of(name(fs, s.getPath(), relative));
    }

    /** The paths a list file names, or null when it is not a list. */
    private static List<String> list(FileSystem fs, FileStatus f) throws IOException {
        if (!TraceNames.mayBeList(f.getPath().getName()) || f.getLen() > 1 << 20) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                Path p;
                try {
                    p = new Path(t);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                paths.add(p.isAbsolute() || p.toUri().getScheme() != null ? p : new Path(f.getPath().getParent(), t));
            }
        }
        boolean any = false;
        for (Path p : paths) {
            any |= p.getFileSystem(fs.getConf()).exists(p);
        }
        if (paths.isEmpty() || !any) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(name(p.getFileSystem(fs.getConf()), p, false));
        }
        return out;
    }

    private static String name(FileSystem fs, Path p, boolean relative) {
        if (!local(fs)) {
            return p.toString();
        }
        String plain = Path.getPathWithoutSchemeAndAuthority(p).toString();
        if (!relative) {
            return plain;
        }
        java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path abs = java.nio.file.Path.of(plain);
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : plain;
    }

    /** Whether {@code path} names a regular file (a table given to the job). */
    static boolean isFile(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(conf).isFile(p);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * {@code path} as every task names it: on the local file system its absolute plain path (as the local batch
     * names it, so runs on both record the same table); elsewhere its fully qualified URI.
     */
    static String absolute(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            return local(fs) ? java.nio.file.Path.of(Path.getPathWithoutSchemeAndAuthority(p).toString())
                    .toAbsolutePath().toString() : fs.makeQualified(p).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean local(FileSystem fs) {
        return fs instanceof LocalFileSystem || "file".equals(fs.getUri().getScheme());
    }
}
