package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmreplay.ingest.io.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes rendered output atomically (temporary file, then rename): a failed run leaves no half-written file. */
public final class OutputFiles {
    /** Pretty-printing JSON, as every JSON file and {@code --json} output of the CLI is written. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutputFiles() {
    }

    /** Writes UTF-8 text atomically. */
    public static void writeText(Path file, String text) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.stream().write(text.getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
    }

    /** Writes a JSON tree atomically, pretty-printed, with a final newline. */
    public static void writeJson(Path file, Object tree) throws IOException {
        writeText(file, JSON.writeValueAsString(tree) + "\n");
    }
}
