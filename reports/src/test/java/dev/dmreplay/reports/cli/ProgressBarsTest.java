package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarsTest {
    @TempDir
    Path tmp;

    @Test
    void theTotalIsTheSizeOfTheTraceFiles() throws IOException {
        Path bundle = CliRun.traces().resolve("oracle-small");
        long perCpu = 0;
        for (String n : new String[] {"dm-0", "sda", "sdb"}) {
            for (int cpu = 0; cpu < 2; cpu++) {
                perCpu += Files.size(bundle.resolve(n + ".blktrace." + cpu));
            }
        }
        assertThat(TraceProgressSupport.inputBytes(bundle)).isEqualTo(perCpu);
        assertThat(TraceProgressSupport.inputBytes(bundle.resolve("sda")))
                .isEqualTo(Files.size(bundle.resolve("sda.blktrace.0")) + Files.size(bundle.resolve("sda.blktrace.1")));
        Path text = Files.writeString(tmp.resolve("t.txt"), "8,0 0 1 0.000000000 1 Q R 0 + 8 [x]\n");
        assertThat(TraceProgressSupport.inputBytes(text)).isEqualTo(Files.size(text));
        assertThat(TraceProgressSupport.inputBytes(tmp.resolve("missing"))).isEqualTo(-1);
    }

    @Test
    void quietIsAcceptedByEveryCommandAndBarsNeverReachTheOutput() {
        CliRun r = CliRun.of("info", "--quiet", CliRun.traces().resolve("oracle-small").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        CliRun q = CliRun.of("analyze", "-q", "--btt", CliRun.traces().resolve("oracle-small").toString());
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.err()).isEmpty();
    }

    @Test
    void noBarWhenStderrIsNotATerminal() {
        // the tests' stderr is a file or a pipe, never a terminal
        assertThat(ProgressBars.stderrIsTerminal()).isFalse();
        assertThat(ProgressBars.enabled(Main.commandLine().getCommandSpec())).isFalse();
    }
}
