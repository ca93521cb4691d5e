package dev.dmreplay.analyze.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.analyze.batch.BatchPlan;
import dev.dmreplay.analyze.batch.PlacementSpec;
import dev.dmreplay.analyze.batch.RunSpec;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.TableFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The batch options both front ends share: what they parse to, and how bad text is refused. */
class BatchArgsTest {
    /** A command holding only the shared options, as both batch commands mix them in. */
    @CommandLine.Command(name = "t")
    static final class Cmd {
        @CommandLine.Mixin
        BatchArgs args = new BatchArgs();
    }

    private static BatchPlan plan(String... argv) {
        Cmd c = new Cmd();
        new CommandLine(c).parseArgs(argv);
        return c.args.plan(0, t -> t.endsWith(".dmsetup"), t -> "/abs/" + t);
    }

    @Test
    void defaultsAreEveryStrategyNoPressureAndEachTraceOnItsOwnStack() {
        BatchPlan p = plan();
        assertThat(p.strategies()).hasSize(dev.dmreplay.replay.strategy.Strategy.values().length);
        assertThat(p.pressures()).containsExactly("none");
        assertThat(p.limits().placement()).isEqualTo(PlacementSpec.NONE);
        assertThat(p.limits().seed()).isEqualTo(1);
        assertThat(p.limits().stallThresholdNs()).isEqualTo(100_000_000L);
        assertThat(p.limits().observations()).isTrue();
    }

    @Test
    void listsSplitOnCommasButNotInsideAPressuresParentheses() {
        BatchPlan p = plan("--strategy", "bare,df", "--strategy", "MODERN", "--pressure", "none,hard@1s-5s");
        assertThat(p.strategies()).containsExactly("BARE", "DF", "MODERN");
        assertThat(p.pressures()).containsExactly("none", "hard@1s-5s");
    }

    @Test
    void placementTravelsAsTheOptionTextWithTheTableMadeAbsolute() {
        BatchPlan p = plan("--table", "s.dmsetup", "--map", "hm_1=vg-data", "--map", "*=vg-log", "--fit", "scale",
                "--window", "1s..2s", "--sample", "0.5:submitter", "--seed", "7", "--time-limit", "3s",
                "--no-observations");
        assertThat(p.limits().placement()).isEqualTo(new PlacementSpec("/abs/s.dmsetup", "hm_1=vg-data,*=vg-log",
                false, "scale", "1s..2s", "0.5:submitter"));
        assertThat(p.limits().seed()).isEqualTo(7);
        assertThat(p.limits().timeLimitNs()).isEqualTo(3_000_000_000L);
        assertThat(p.limits().observations()).isFalse();
        assertThat(plan("--table", "s.dmsetup", "--place").limits().placement().place()).isTrue();
    }

    @Test
    void specsAreTracesOutermostWithUniqueNames() {
        BatchPlan p = plan("--strategy", "BARE,DF");
        List<RunSpec> specs = p.specs(List.of("/a/x.blktrace.0", "/b/x.blktrace.0", "/c/y.csv"),
                t -> t.substring(t.lastIndexOf('/') + 1));
        assertThat(specs).extracting(RunSpec::toString).containsExactly("x BARE none", "x DF none", "x-2 BARE none",
                "x-2 DF none", "y.csv BARE none", "y.csv DF none");
        assertThat(specs.get(2).input()).isEqualTo("/b/x.blktrace.0");
    }

    @Test
    void badTextIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> plan("--strategy", "NOPE")).isInstanceOf(OptionException.class)
                .hasMessageContaining("--strategy").hasMessageContaining("NOPE");
        assertThatThrownBy(() -> plan("--pressure", "squeeze")).isInstanceOf(OptionException.class)
                .hasMessageContaining("--pressure");
        assertThatThrownBy(() -> plan("--time-limit", "5")).isInstanceOf(OptionException.class)
                .hasMessageContaining("--time-limit");
        assertThatThrownBy(() -> plan("--table", "missing.txt", "--place")).isInstanceOf(TableFormatException.class)
                .hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> plan("--table", "s.dmsetup", "--place", "--map", "*=TOP"))
                .isInstanceOf(OptionException.class).hasMessageContaining("one at a time");
        assertThatThrownBy(() -> plan("--fit", "scale")).isInstanceOf(OptionException.class)
                .hasMessageContaining("--fit");
    }
}
