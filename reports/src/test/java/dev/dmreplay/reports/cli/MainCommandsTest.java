package dev.dmreplay.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line holds only the sub-command its arguments name, and every one otherwise. */
class MainCommandsTest {
    private static final List<String> ALL = List.of("help", "demo", "info", "ingest", "analyze", "replay", "fidelity",
            "capture", "scenario", "compare", "report", "batch", "repro", "evaluate", "synth");

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(List.of("ingest"), names("ingest", "trace", "-o", "x.parquet"));
        assertEquals(List.of("scenario"), names("scenario", "--help"));
    }

    @Test
    void everyCommandOtherwiseInUsageOrder() {
        assertEquals(ALL, names());
        assertEquals(ALL, names("help", "ingest"));
        assertEquals(ALL, names("--debug", "ingest"));
        assertEquals(ALL, names("inget"));
        assertEquals(ALL, List.copyOf(Main.commandLine().getSubcommands().keySet()));
    }

    private static List<String> names(String... args) {
        return List.copyOf(Main.commandLine(args).getSubcommands().keySet());
    }
}
