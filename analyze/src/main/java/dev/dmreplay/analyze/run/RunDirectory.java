package dev.dmreplay.analyze.run;

import dev.dmreplay.replay.observe.ObservationReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replay run directory: the observation file ({@code observations.parquet}, or the one {@code *.parquet} whose
 * name contains "observation") and optionally the run summary ({@code summary.json}, or the one
 * {@code *summary*.json}). The summary's top-level scalar fields become the run's {@code about} map (in file
 * order); nested objects are flattened with dots, arrays are left out.
 */
public record RunDirectory(Path dir, Path observations, Path summary) {
    public static final String OBSERVATIONS = "observations.parquet";
    public static final String SUMMARY = "summary.json";

    /** Whether {@code p} is a directory holding a replay run (an observation file). */
    public static boolean isRunDirectory(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try {
            return find(p, OBSERVATIONS, ".parquet", "observation") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens {@code p}; a directory without an observation file is a {@link TraceFormatException}. */
    public static RunDirectory open(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            throw TraceFormatException.of(p.toString(), "not a directory, expected a replay run directory");
        }
        Path obs = find(p, OBSERVATIONS, ".parquet", "observation");
        if (obs == null) {
            throw TraceFormatException.of(p.toString(), "no " + OBSERVATIONS
                    + ", expected a run directory written by 'dmreplay replay -o'");
        }
        return new RunDirectory(p, obs, find(p, SUMMARY, ".json", "summary"));
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

    /** The summary's scalar fields, flattened; empty without a summary. */
    public Map<String, String> about() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (summary == null) {
            return m;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(summary, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw TraceFormatException.atLine(summary.toString(), e.getLocation() == null ? 0
                    : e.getLocation().getLineNr(), "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw TraceFormatException.of(summary.toString(), "expected a JSON object");
        }
        flatten("", root, m);
        return m;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(k + ".", v, out);
            } else if (v.isValueNode() && !v.isNull()) {
                out.put(k, v.asText());
            }
        }
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
        Map<String, String> about = about();
        RunAnalysis a = new RunAnalysis(options);
        try (ObservationReader f = ObservationReader.open(observations)) {
            if (f.freesObserved()) {
                a.freesObserved();
            }
            f.feed(List.of(a));
        }
        return a.report(name(), about, endNs(about));
    }

    private static long endNs(Map<String, String> about) {
        for (String k : List.of("endTimeNs", "endNs", "result.endTimeNs", "run.endTimeNs")) {
            String v = about.get(k);
            if (v != null) {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
