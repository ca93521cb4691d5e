package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dm-thin's features on a small synthetic stack (a 64-block pool, 64 KiB blocks): provisioning with zeroing or
 * the overwrite shortcut, {@code skip_block_zeroing}, reads of unprovisioned blocks, commits on flush, discard
 * passdown and {@code no_discard_passdown}, out of data space (queue or {@code error_if_no_space}), metadata
 * reads with a cold cache.
 */
class ThinFeaturesTest {
    private static final String BIOS = """
            - {device: thin0, op: write, sector: 8, sectors: 8, at: 0}
            - {device: thin0, op: write, sector: 256, sectors: 128, at: 1ms}
            - {device: thin0, op: write, sector: 0, sectors: 0, flags: [preflush], at: 3ms}
            - {device: thin0, op: read, sector: 1280, sectors: 8, at: 4ms}
            - {device: thin0, op: discard, sector: 0, sectors: 128, at: 5ms}
            """;

    private record Run(RunResult r, ThinPool.Stats s) {
    }

    private static Run run(String features, long dataSectors, String bios, Strategy st, List<String> knobs) {
        String yaml = """
                id: thin-features
                stack:
                  leaves:
                    - {name: sdm, devno: "8:0", latency: 100us}
                    - {name: sdd, devno: "8:16", latency: 100us}
                  table: |
                    pool: 0 %d thin-pool 8:0 8:16 128 0 %s
                    thin0: 0 65536 thin /dev/mapper/pool 0
                workload:
                  mode: timed
                  tasks:
                    - count: 1
                      bios:
                %s
                """.formatted(dataSectors, features, bios.indent(8));
        Scenario s = ScenarioLoader.parse("thin-features.yaml", yaml);
        Machine m = new Machine(s.stack(), st.knobs.withAll(knobs), s.pressure(), 1);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), new ReplayRun.Options(1_000_000_000L,
                120_000_000_000L));
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof ThinPoolTarget pt) {
                return new Run(r, pt.pool().stats());
            }
        }
        throw new AssertionError("no pool");
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "RESC", "DF", "MODERN"})
    void provisioningZeroingCommitsReadsAndDiscards(Strategy st) {
        Run x = run("0", 8192, BIOS, st, List.of());
        assertThat(x.r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r.completed()).isEqualTo(x.r.submitted()).isEqualTo(5);
        assertThat(x.s.blocksProvisioned).isEqualTo(2);
        assertThat(x.s.zeroWrites).as("partial write: the new block is zeroed first").isEqualTo(1);
        assertThat(x.s.overwrites).as("whole-block write: no zeroing").isEqualTo(1);
        assertThat(x.s.unprovisionedReads).isEqualTo(1);
        assertThat(x.s.commits).as("the flush waits for a commit").isGreaterThanOrEqualTo(1);
        assertThat(x.s.dataFlushes).isEqualTo(x.s.commits);
        assertThat(x.s.superblockWrites).isEqualTo(x.s.commits);
        assertThat(x.s.metadataWrites).isGreaterThanOrEqualTo(ThinMetadata.COMMIT_FIXED_BLOCKS + 1L);
        assertThat(x.s.discardsPassedDown).isEqualTo(1);
        assertThat(x.s.metadataReads).isZero();
    }

    @Test
    void skipBlockZeroingAndNoDiscardPassdown() {
        Run x = run("2 skip_block_zeroing no_discard_passdown", 8192, BIOS, Strategy.MODERN, List.of());
        assertThat(x.r.completed()).isEqualTo(5);
        assertThat(x.s.zeroWrites).isZero();
        assertThat(x.s.discardsPassedDown).isZero();
        assertThat(x.s.discardsNotPassedDown).isEqualTo(1);
    }

    @Test
    void aColdMetadataCacheReadsLeavesFromTheMetadataDevice() {
        Run x = run("0", 8192, BIOS, Strategy.MODERN, List.of("thinMetadataCache=COLD"));
        assertThat(x.r.completed()).isEqualTo(5);
        assertThat(x.s.metadataReads).isPositive();
    }

    private static final String THREE_BLOCKS = """
            - {device: thin0, op: write, sector: 0, sectors: 8, at: 0}
            - {device: thin0, op: write, sector: 128, sectors: 8, at: 1ms}
            - {device: thin0, op: write, sector: 256, sectors: 8, at: 2ms}
            """;

    @Test
    void outOfDataSpaceQueuesByDefault() {
        Run x = run("0", 256, THREE_BLOCKS, Strategy.MODERN, List.of());
        assertThat(x.s.outOfSpaceBios).isEqualTo(1);
        assertThat(x.r.completed()).isEqualTo(2);
        // the queued bio never completes: the run ends at its time limit with it unfinished (issue 8.2's verdict)
        assertThat(x.r.outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    @Test
    void outOfDataSpaceFailsWithErrorIfNoSpace() {
        Run x = run("1 error_if_no_space", 256, THREE_BLOCKS, Strategy.MODERN, List.of());
        assertThat(x.s.outOfSpaceBios).isEqualTo(1);
        assertThat(x.r.completed()).isEqualTo(3);
        assertThat(x.r.errors()).isEqualTo(1);
    }
}
