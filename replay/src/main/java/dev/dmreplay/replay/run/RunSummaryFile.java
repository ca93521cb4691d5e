package dev.dmreplay.replay.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.io.RunDirectoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run directory's {@code summary.json}: written once by the replay ({@link #write}), read back by analysis and
 * reports ({@link #read}). One pretty-printed JSON object with a fixed key order, the {@link RunSummary}
 * components in order, {@code result} holding the {@link RunResult}.
 */
public final class RunSummaryFile {
    /** The summary's file name in a run directory. */
    public static final String NAME = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunSummaryFile() {
    }

    /**
     * A summary as read back: the typed summary and its scalar fields flattened in file order (nested objects with
     * dotted keys, arrays left out), as reports list them.
     */
    public record Read(RunSummary summary, Map<String, String> fields) {
        private static final List<String> END_KEYS = List.of("endTimeNs", "endNs", "result.endTimeNs",
                "run.endTimeNs");

        public Read {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /**
         * The run's end in virtual ns, or -1 when the summary does not say (a summary written by another tool may
         * name it {@code endTimeNs}, {@code endNs} or {@code run.endTimeNs}).
         */
        public long endTimeNs() {
            for (String k : END_KEYS) {
                String v = fields.get(k);
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

    /** Writes {@code s} to {@code file} atomically (nothing is left behind on failure), with a final newline. */
    public static void write(Path file, RunSummary s) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(tree(s));
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.stream().write(bytes);
            out.stream().write('\n');
            out.commit();
        }
    }

    /** The JSON object written for {@code s}. */
    static ObjectNode tree(RunSummary s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("trace", s.trace());
        o.put("tracePath", s.tracePath());
        o.put("strategy", s.strategy());
        o.set("knobs", MAPPER.valueToTree(s.knobs()));
        o.put("pressure", s.pressure());
        o.put("seed", s.seed());
        o.put("mode", s.mode());
        o.set("topDevices", MAPPER.valueToTree(s.topDevices()));
        o.put("reconstructedFromRemaps", s.reconstructedFromRemaps());
        o.set("notes", MAPPER.valueToTree(s.notes()));
        o.set("result", MAPPER.valueToTree(s.result()));
        if (s.queueAccounting() != null) {
            o.set("queueAccounting", MAPPER.valueToTree(s.queueAccounting()));
        }
        if (s.admission() != null) {
            o.set("admission", MAPPER.valueToTree(s.admission()));
        }
        if (s.identity() != null) {
            o.set("identity", MAPPER.valueToTree(s.identity()));
        }
        if (s.observe() != null) { // written only below "all", so full runs' summaries stay as they were
            o.put("observe", s.observe());
        }
        return o;
    }

    /**
     * Reads a summary written by {@link #write} (or by hand, or by an older version: missing fields stay empty).
     * Text that is not a JSON object, or fields of the wrong type, are bad input naming the file, line and field;
     * a summary that names its run ({@code identity}) must have every field ({@link SummaryShape}).
     */
    public static Read read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw RunDirectoryException.of(file.toString(), "not UTF-8 text, expected a run summary in JSON");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw RunDirectoryException.atLine(file.toString(), line(e), "not valid JSON (" + e.getOriginalMessage()
                    + ")");
        }
        if (root == null || !root.isObject()) {
            throw RunDirectoryException.of(file.toString(), "expected a JSON object");
        }
        SummaryShape.check(file.toString(), text);
        RunSummary summary;
        try {
            summary = MAPPER.readValue(text, RunSummary.class);
        } catch (JsonProcessingException e) {
            throw RunDirectoryException.atLine(file.toString(), line(e), "not a run summary ("
                    + e.getOriginalMessage() + ")");
        }
        if (summary.observe() != null) {
            try {
                summary.observeLevel();
            } catch (IllegalArgumentException e) {
                throw RunDirectoryException.of(file.toString(), "field 'observe': " + e.getMessage());
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        flatten("", root, fields);
        return new Read(summary, fields);
    }

    private static long line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
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
}
