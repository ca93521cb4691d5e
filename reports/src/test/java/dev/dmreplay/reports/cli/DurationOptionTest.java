package dev.dmreplay.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class DurationOptionTest {

    /** Every command with a {@code --stall-threshold} or {@code --bucket} has the same default. */
    @Test
    void oneDefaultPerDurationOptionAcrossCommands() {
        Map<String, String> seen = new HashMap<>();
        CommandLine cl = Main.commandLine();
        int checked = 0;
        for (var e : cl.getSubcommands().entrySet()) {
            for (String name : new String[] {"--stall-threshold", "--bucket"}) {
                OptionSpec o = e.getValue().getCommandSpec().findOption(name);
                if (o == null) {
                    continue;
                }
                checked++;
                String before = seen.putIfAbsent(name, o.defaultValue());
                assertEquals(before == null ? o.defaultValue() : before, o.defaultValue(),
                        e.getKey() + " " + name);
            }
        }
        assertTrue(checked >= 6, "commands checked: " + checked);
        assertEquals("100ms", seen.get("--stall-threshold"));
        assertEquals("auto", seen.get("--bucket"));
    }

    @Test
    void aBareNumberIsRefusedNamingTheOptionAndSuggestingAUnit(@TempDir Path dir) {
        CliRun c = CliRun.of("compare", dir.toString(), "--stall-threshold", "10");
        CliRun r = CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "--strategy", "DF",
                "--time-limit", "10", "-o", dir.resolve("run").toString());
        assertEquals(Main.EXIT_BAD_INPUT, c.code(), c.err());
        assertTrue(c.err().contains("--stall-threshold") && c.err().contains("10ms"), c.err());
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--time-limit") && r.err().contains("10ms"), r.err());
        // analyze of a trace has no use for the run options, and still refuses a malformed one
        CliRun a = CliRun.of("analyze", CliRun.traces().resolve("oracle-small").toString(), "--bucket", "5");
        assertEquals(Main.EXIT_BAD_INPUT, a.code(), a.err());
        assertTrue(a.err().contains("--bucket") && a.err().contains("5ms"), a.err());
    }

    @Test
    void minutesAndAutoAreRead() {
        assertEquals(120_000_000_000L, DurationOption.parse("--wall-limit", "2m"));
        assertEquals(0, DurationOption.bucket("--bucket", "auto"));
        assertEquals(1_000_000, DurationOption.bucket("--bucket", "1ms"));
    }
}
