package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay says loudly when the trace lacks the top devices or does not fit the table. */
class ReplayTraceFitTest {
    @TempDir
    Path tmp;

    @Test
    void aLinearTableForAStripedTraceIsAWarningNamingTheLine() throws Exception {
        Path table = Files.writeString(tmp.resolve("linear.txt"), "vg0-lv0: 0 419428352 linear 8:0 2048\n");
        CliRun r = CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "--table", table.toString(),
                "--strategy", "DF", "-o", tmp.resolve("run").toString(), "--no-observations");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dmreplay: warning: table line 1 of " + table
                + " (vg0-lv0: 0 419428352 linear 8:0 2048) does not fit the trace:")
                .contains("where this line maps it to 8:0 sector");
        assertThat(Files.readString(tmp.resolve("run/summary.json"))).contains("warning: table line 1 of");

        // a real capture fits its own table (oracle-small is generated: two of its remaps sit one piece off)
        CliRun right = CliRun.of("replay", CliRun.traces().resolve("real-striped").toString(), "--strategy", "DF",
                "-o", tmp.resolve("run2").toString(), "--no-observations");
        assertThat(right.code()).as(right.err()).isZero();
        assertThat(right.err()).doesNotContain("warning");
    }

    @Test
    void onlyTheLowerDevicesTracedIsSaidOnStderrAndInTheSummary() throws Exception {
        Path src = CliRun.traces().resolve("oracle-small");
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        for (String f : new String[] {"sda.blktrace.0", "sda.blktrace.1", "sdb.blktrace.0", "sdb.blktrace.1",
            "dmsetup-table.txt", "dmsetup-ls-tree.txt", "dmsetup-info-c.txt"}) {
            Files.copy(src.resolve(f), lower.resolve(f));
        }
        CliRun r = CliRun.of("replay", lower.toString(), "--strategy", "DF", "-o", tmp.resolve("run").toString(),
                "--no-observations");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("reconstructed from remaps");
        assertThat(r.err()).contains("dmreplay: warning: the top device(s) [vg0-lv0] were not traced: ")
                .contains("remap events continue the same task's previous remap");
        assertThat(Files.readString(tmp.resolve("run/summary.json"))).contains("were not traced");
    }
}
