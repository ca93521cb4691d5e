package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("dmreplay ");
        Result h = run("--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("Usage: dmreplay");
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        Result r = run();
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("Usage: dmreplay");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = run("--no-such-option");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("Unknown option");
    }

    @Test
    void everyOptionDescriptionFormatsWithoutAPicocliWarning() {
        // picocli formats descriptions with String.format and, on a bare '%', prints a warning to System.err
        // and shows the raw text (the --sample description said "10%" and every replay --help warned)
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"replay", "batch", "analyze", "compare", "report", "ingest",
                    "info", "fidelity", "synth", "demo"}) {
                Result h = run(command, "--help");
                assertThat(h.code()).as(command).isZero();
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }
}
