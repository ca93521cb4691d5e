package dev.dmreplay.analyze.run;

import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.replay.observe.ObservationReader;
import dev.dmreplay.replay.observe.ObserveLevel;
import dev.dmreplay.replay.run.RunIdentity;
import dev.dmreplay.replay.run.RunSummaryFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replay run directory: the observation file ({@code observations.parquet}, or the one {@code *.parquet} whose
 * name contains "observation") and optionally the run summary ({@code summary.json}, or the one
 * {@code *summary*.json}). A run replayed with {@code --observe summary} has the summary alone (its
 * {@code observations} is null) and says so in it; such a directory is a run, not an incomplete one. The summary's top-level scalar fields become the run's {@code about} map (in file
 * order); nested objects are flattened with dots, arrays are left out.
 */
public record RunDirectory(Path dir, Path observations, Path summary) {
    public static final String OBSERVATIONS = "observations.parquet";
    public static final String SUMMARY = RunSummaryFile.NAME;

    /** Whether {@code p} is a directory holding a replay run (an observation file). */
    public static boolean isRunDirectory(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try {
            return find(p, OBSERVATIONS, ".parquet", "observation") != null || summaryOnly(p) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The summary of a run recorded at level {@link ObserveLevel#SUMMARY} (no observation file by design), or null
     * when {@code p} holds no such summary.
     */
    private static Path summaryOnly(Path p) throws IOException {
        Path s = find(p, SUMMARY, ".json", "summary");
        if (s == null || find(p, OBSERVATIONS, ".parquet", "observation") != null) {
            return null;
        }
        try {
            return RunSummaryFile.read(s).summary().observeLevel() == ObserveLevel.SUMMARY ? s : null;
        } catch (RunDirectoryException e) {
            return null; // a damaged summary: reported as such when the directory is opened
        }
    }

    /** Opens {@code p}; a directory without an observation file is a {@link RunDirectoryException}. */
    public static RunDirectory open(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            throw RunDirectoryException.of(p.toString(), "not a directory, expected a replay run directory");
        }
        Path obs = find(p, OBSERVATIONS, ".parquet", "observation");
        Path only = obs == null ? summaryOnly(p) : null;
        if (only != null) {
            return new RunDirectory(p, null, only);
        }
        if (obs == null) {
            String why = incomplete(p);
            throw RunDirectoryException.of(p.toString(), why != null ? why : "no " + OBSERVATIONS
                    + ", expected a run directory written by 'dmreplay replay -o'");
        }
        RunDirectory d = new RunDirectory(p, obs, find(p, SUMMARY, ".json", "summary"));
        d.checkIdentity();
        d.observeLevel();
        return d;
    }

    /**
     * The level the run was recorded at: the observation file's footer says it (absent: all), and a summary that
     * names a level must agree; without an observation file, the summary's (summary).
     */
    public ObserveLevel observeLevel() throws IOException {
        RunSummaryFile.Read read = readSummary();
        ObserveLevel fromSummary = read == null ? null : read.summary().observeLevel();
        if (observations == null) {
            return fromSummary;
        }
        ObserveLevel fromFile;
        try (ObservationReader f = ObservationReader.open(observations)) {
            try {
                fromFile = ObserveLevel.ofFooter(f.footer());
            } catch (IllegalArgumentException e) {
                throw RunDirectoryException.of(observations.toString(), "footer key " + ObserveLevel.FOOTER_KEY
                        + ": " + e.getMessage());
            }
        }
        if (fromSummary != null && fromSummary != fromFile) {
            throw RunDirectoryException.of(dir.toString(), summary.getFileName() + " says observation level "
                    + fromSummary.label() + ", " + observations.getFileName() + " level " + fromFile.label()
                    + ": they are from different replays");
        }
        return fromFile;
    }

    /**
     * Refuses a directory whose summary and observations come from different replays: an observation file that
     * carries a run identity ({@link RunIdentity}, written since run directories are written as a whole) needs a
     * summary with the same identity. Observation files without one (format version 1, and version 2 before
     * identities) keep the old rule: the summary is optional and not matched.
     */
    private void checkIdentity() throws IOException {
        if (observations == null) {
            return;
        }
        Map<String, String> obsId;
        try (ObservationReader f = ObservationReader.open(observations)) {
            obsId = RunIdentity.fromFooter(f.footer());
        }
        if (obsId.isEmpty()) {
            return;
        }
        if (summary == null) {
            throw RunDirectoryException.of(dir.toString(), "no " + SUMMARY + " beside " + observations.getFileName()
                    + ", which names its run (strategy " + obsId.get("strategy") + ", seed " + obsId.get("seed")
                    + "): a run directory written by 'dmreplay replay -o' holds both");
        }
        RunIdentity sid = readSummary().summary().identity();
        Map<String, String> sumId = sid == null ? Map.of() : sid.fields();
        for (Map.Entry<String, String> e : obsId.entrySet()) {
            String other = sumId.get(e.getKey());
            if (!e.getValue().equals(other)) {
                if (e.getKey().equals("knobs") && other != null) {
                    List<String> a = List.of(other.split(","));
                    List<String> b = List.of(e.getValue().split(","));
                    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                        String x = i < a.size() ? a.get(i) : "(none)";
                        String y = i < b.size() ? b.get(i) : "(none)";
                        if (!x.equals(y)) {
                            other = x;
                            e = Map.entry("knob", y);
                            break;
                        }
                    }
                }
                throw RunDirectoryException.of(dir.toString(), summary.getFileName() + " and "
                        + observations.getFileName() + " are from different replays: " + e.getKey() + " "
                        + (other == null ? "missing" : abbreviate(other)) + " in " + summary.getFileName() + ", "
                        + abbreviate(e.getValue()) + " in " + observations.getFileName());
            }
        }
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
    }

    /**
     * Whether {@code p} is what a replay leaves when it did not finish or wrote no observations: a directory that
     * is empty, or holds a run summary or the temporary file of a replay's output ({@code .observations.parquet.tmp-PID},
     * {@code .summary.json.tmp-PID}) but no observation file. Such a directory is reported as an incomplete run
     * ({@link #open}) rather than read as a trace bundle.
     */
    public static boolean isIncompleteRun(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try {
            return find(p, OBSERVATIONS, ".parquet", "observation") == null && incomplete(p) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** What an incomplete run directory lacks, or null when {@code p} does not look like one. */
    private static String incomplete(Path p) throws IOException {
        Path summary = find(p, SUMMARY, ".json", "summary");
        List<String> temps = new ArrayList<>();
        boolean empty = true;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path f : ds) {
                empty = false;
                String n = f.getFileName().toString();
                if (n.startsWith("." + OBSERVATIONS + ".tmp-") || n.startsWith("." + SUMMARY + ".tmp-")) {
                    temps.add(n);
                }
            }
        }
        Collections.sort(temps);
        if (summary != null) {
            return "incomplete run: " + OBSERVATIONS + " is missing, only " + summary.getFileName()
                    + " is there (its observations were removed, or it was written before --observe levels by a"
                    + " replay with --no-observations): nothing to analyse; replay again";
        }
        if (!temps.isEmpty()) {
            return "incomplete run: no " + OBSERVATIONS + " and no " + SUMMARY + ", only the temporary file"
                    + (temps.size() == 1 ? " " : "s ") + String.join(", ", temps)
                    + " of a replay that was interrupted: replay again";
        }
        if (empty) {
            return "incomplete run: empty directory, no " + OBSERVATIONS + " and no " + SUMMARY
                    + " (an interrupted 'dmreplay replay -o' leaves its run directory so) and no trace files";
        }
        return null;
    }

    private static Path find(Path dir, String exact, String suffix, String part) throws IOException {
        Path e = dir.resolve(exact);
        if (Files.isRegularFile(e)) {
            return e;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                if (n.endsWith(suffix) && n.contains(part) && Files.isRegularFile(f)) {
                    found.add(f);
                }
            }
        }
        Collections.sort(found);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The run's name: the directory's file name. */
    public String name() {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? dir.toString() : f.toString();
    }

    /** The run's summary as {@link RunSummaryFile} reads it, or null without a summary file. */
    public RunSummaryFile.Read readSummary() throws IOException {
        return summary == null ? null : RunSummaryFile.read(summary);
    }

    /** The summary's scalar fields, flattened in file order; empty without a summary. */
    public Map<String, String> about() throws IOException {
        return fields(readSummary());
    }

    private static Map<String, String> fields(RunSummaryFile.Read read) {
        return read == null ? new LinkedHashMap<>() : new LinkedHashMap<>(read.fields());
    }

    /**
     * Like {@link #analyze(RunAnalysis.Options)}, and sets the latency against the recorded {@code trace} (null:
     * none).
     */
    public RunReport analyze(RunAnalysis.Options options, RecordedLatency recorded) throws IOException {
        RunReport r = analyze(options);
        return recorded == null ? r : r.withRecorded(recorded);
    }

    /** Reads the observations through a {@link RunAnalysis} and returns its report. */
    public RunReport analyze(RunAnalysis.Options options) throws IOException {
        RunSummaryFile.Read read = readSummary();
        Map<String, String> about = fields(read);
        RunAnalysis a = new RunAnalysis(options).recordedAt(observeLevel());
        if (observations == null) { // --observe summary: nothing to feed, the report says what is missing
            return a.report(name(), about, read == null ? -1 : read.endTimeNs());
        }
        try (ObservationReader f = ObservationReader.open(observations)) {
            if (f.freesObserved()) {
                a.freesObserved();
            }
            f.feed(List.of(a));
        }
        return a.report(name(), about, read == null ? -1 : read.endTimeNs());
    }
}
