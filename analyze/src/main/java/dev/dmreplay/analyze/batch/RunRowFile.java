package dev.dmreplay.analyze.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmreplay.ingest.io.AtomicOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished run's row, {@code row.json} in its run directory: written last and atomically, so its presence is
 * what marks a run finished when a batch is resumed.
 */
public final class RunRowFile {
    public static final String NAME = "row.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRowFile() {
    }

    public static void write(Path runDir, RunRow row) throws IOException {
        Files.createDirectories(runDir);
        try (AtomicOutput out = AtomicOutput.create(runDir.resolve(NAME))) {
            out.stream().write(JSON.writeValueAsBytes(row));
            out.stream().write('\n');
            out.commit();
        }
    }

    /** The row of a finished run, or null when the run has no readable row (never run, or interrupted). */
    public static RunRow read(Path runDir) {
        Path f = runDir.resolve(NAME);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), RunRow.class);
        } catch (IOException e) {
            return null;
        }
    }
}
