package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --schedules N -j T}: the output does not depend on the number of threads. */
class ScheduleThreadsCliTest {
    private static final String S1 = "../traces/scenarios/S1.yaml";

    @Test
    void scenarioSchedulesGiveTheSameOutputOnOneAndTwoThreads() {
        String[] base = {"scenario", S1, "--knob", "cpuNsPerMap=0", "--strategy", "BARE,DF", "--schedules", "40",
            "--json"};
        CliRun one = CliRun.of(concat(base, "-j", "1"));
        CliRun two = CliRun.of(concat(base, "--threads", "2"));
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("MEMORY_DEADLOCK"); // the exploration found something to agree on
        assertThat(two.out()).isEqualTo(one.out());
        assertThat(two.code()).isEqualTo(one.code());
    }

    @Test
    void replaySchedulesGiveByteIdenticalRunDirectoriesOnOneAndTwoThreads(@TempDir Path dir) throws Exception {
        String[] base = {"replay", "../replay/src/test/resources/traces/striped", "--strategy", "RESC", "--pressure",
            "hard", "--schedules", "6"};
        CliRun one = CliRun.of(concat(base, "-j", "1", "-o", dir.resolve("one").toString()));
        CliRun two = CliRun.of(concat(base, "-j", "2", "-o", dir.resolve("two").toString()));
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(two.code()).as(two.err()).isZero();
        assertThat(two.out()).isEqualTo(one.out()).contains("6 random schedules");
        for (String f : new String[] {"observations.parquet", "summary.json"}) {
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(f)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(f)));
        }
    }

    @Test
    void threadsMustBePositive() {
        CliRun r = CliRun.of("scenario", S1, "--schedules", "2", "-j", "0");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--threads").contains("expected a number >= 1, not 0");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
