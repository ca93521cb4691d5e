package dev.dmreplay.replay.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S5 at the claims table's own size (P = 2048 pieces, {@code S5-2048.yaml}): every cell explored over the file's
 * schedules, and the bvec memory of the remainder clones measured against the "O(P²)" claim.
 */
class SplitChainBvecTest {
    private static Scenario load(String id) {
        return ScenarioLoader.load(Path.of("../traces/scenarios/" + id + ".yaml"));
    }

    @ParameterizedTest(name = "S5-2048 under {0}")
    @EnumSource(names = {"BARE", "RESC", "OFFL", "NEIL", "DF", "HELP", "MDSP"})
    void everyCellKeepsItsVerdictUnderExploration(Strategy st) {
        Scenario s = load("S5-2048");
        ScenarioResult r = ScenarioRunner.explore(s, st, List.of(), s.schedules());
        assertThat(r.exploration().outcomes()).as(r.chain()).containsOnlyKeys(s.expected().get(st));
    }

    /** One lock-step run; returns X's {@code q->bio_split} bvec figures and the run's result. */
    private static Object[] run(Scenario s, Strategy st) {
        Machine m = new Machine(s.stack(), st.knobs, MemoryPressure.parse(s.pressure().toString()), s.seed());
        m.kernel.sim.schedule(ScenarioRunner.schedule(s.seed()));
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()),
                new ReplayRun.Options(s.stallThresholdNs(), s.timeLimitNs()));
        BlockDevice x = m.devices().stream().filter(d -> d.name.equals("X")).findFirst().orElseThrow();
        return new Object[] {x.bioSplit.bvecStats(), r};
    }

    @Test
    void fullClonesCostPiecesTimesPagesOfBvecsAndFastClonesNone() {
        Scenario p2048 = load("S5-2048");
        Scenario p256 = load("S5");
        Bioset.BvecStats df2048 = (Bioset.BvecStats) run(p2048, Strategy.DF)[0];
        Bioset.BvecStats df256 = (Bioset.BvecStats) run(p256, Strategy.DF)[0];
        RunResult dfRun = (RunResult) run(p2048, Strategy.DF)[1];
        Bioset.BvecStats mdsp2048 = (Bioset.BvecStats) run(p2048, Strategy.MDSP)[0];
        assertThat(dfRun.outcome()).isEqualTo(Outcome.FINE);
        // one full clone of the remainder per piece but the last; each copies the page vectors left
        assertThat(df2048.arrays()).isBetween(2000L, 2047L);
        assertThat(df256.arrays()).isBetween(200L, 255L);
        // 8x the pieces cost 8x the bvec bytes (each array at most one 4 KiB biovec-max), not 64x
        double ratio = (double) df2048.bytes() / df256.bytes();
        assertThat(ratio).isBetween(6.0, 10.0);
        assertThat(df2048.bytes()).isLessThanOrEqualTo(2048L * 4096);
        // q->bio_split has 2 elements: at most two arrays live at once
        assertThat(df2048.peakLiveBytes()).isLessThanOrEqualTo(2L * 4096);
        // G3 splits the head off with a fast clone: no vectors copied at all
        assertThat(mdsp2048.arrays()).isZero();
        assertThat(mdsp2048.bytes()).isZero();
    }
}
