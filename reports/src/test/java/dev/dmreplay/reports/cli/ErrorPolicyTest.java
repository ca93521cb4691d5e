package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.block.ServiceModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The error policy: bad input exits 2 with one line naming the input and where in it; a programming error (here an
 * {@link IllegalArgumentException} from model code) exits 3 as an internal error, also inside {@code batch}.
 */
class ErrorPolicyTest {
    @TempDir
    Path tmp;

    /** A command that calls model code with arguments no caller may pass: a bug, not bad input. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            new ServiceModel.Parametric(0, 0, 0); // queue depth 0: rejected with IllegalArgumentException
            return Main.EXIT_OK;
        }
    }

    /** A command that runs out of heap (thrown directly: allocating a whole heap in a test would be slow). */
    @CommandLine.Command(name = "hog")
    static final class Hog implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitThree() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("hog", new Hog());
        CliRun r = run(cl, "hog");
        assertThat(r.code()).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("dmreplay: out of memory (Java heap space, heap limit ")
                .contains("DMREPLAY_JAVA_OPTS=-Xmx");
    }

    private static CliRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(cl, args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void anIllegalArgumentFromModelCodeIsAnInternalError() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom());
        CliRun r = run(cl, "boom");
        assertThat(r.code()).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(r.errLines()).containsExactly("dmreplay: internal error: java.lang.IllegalArgumentException: "
                + "latency and bandwidth must be >= 0 and queue depth > 0 (run with --debug for details)");

        CommandLine again = Main.commandLine();
        again.addSubcommand("boom", new Boom());
        CliRun debug = run(again, "--debug", "boom");
        assertThat(debug.code()).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(debug.err()).contains("at dev.dmreplay.replay.block.ServiceModel$Parametric.<init>");
    }

    @Test
    void anUnmodelledTargetInATableIsBadInputNamingTheTable() throws Exception {
        Path table = Files.writeString(tmp.resolve("table.txt"),
                "vg0-lv0: 0 419428352 flakey 8:0 2048 1 0\n");
        CliRun r = replayWithTable(table);
        assertThat(r.errLines()[0]).startsWith("dmreplay: " + table + ":1: '0 419428352 flakey")
                .contains("target type 'flakey' is not modelled");
    }

    @Test
    void aBadTableLineIsBadInputWithFileAndLine() throws Exception {
        Path table = Files.writeString(tmp.resolve("table.txt"),
                "vg0-lv0: 0 209714176 linear 8:0 2048\nvg0-lv0: 209714176 x linear 8:16 2048\n");
        CliRun r = replayWithTable(table);
        assertThat(r.errLines()[0]).startsWith("dmreplay: " + table + ":2: ");
    }

    /** Replays oracle-small with {@code table}; expects bad input, reported in one line. */
    private CliRun replayWithTable(Path table) {
        CliRun r = CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "--table", table.toString(),
                "-o", tmp.resolve("run").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        assertThat(tmp.resolve("run/summary.json")).doesNotExist();
        return r;
    }

    @Test
    void badOptionValuesNameTheOption() {
        CliRun leaf = CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "--leaf", "8:0=1ms:0",
                "-o", tmp.resolve("run").toString());
        assertThat(leaf.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(leaf.errLines()).containsExactly("dmreplay: --leaf: 8:0=1ms:0: queue depth must be at least 1");
        CliRun pressure = CliRun.of("replay", CliRun.traces().resolve("oracle-small").toString(), "--pressure",
                "medium", "-o", tmp.resolve("run").toString());
        assertThat(pressure.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(pressure.errLines()[0]).startsWith("dmreplay: --pressure: unknown pressure 'medium'");
        CliRun scenario = CliRun.of("scenario", CliRun.traces().resolve("scenarios").toString(), "--knob", "frobs=1");
        assertThat(scenario.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(scenario.errLines()[0]).startsWith("dmreplay: --knob frobs=1: unknown knob 'frobs'");
    }
}
