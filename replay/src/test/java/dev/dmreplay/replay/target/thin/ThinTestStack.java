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

/**
 * The small thin stack the pool tests share: a 64-block pool of 64 KiB blocks (metadata on sdm 8:0, data on sdd
 * 8:16, 100 µs disks) and thin volumes on it, driven by timed tasks of the test's own; one place to build it, run
 * it to a clean finish and find its pool.
 */
final class ThinTestStack {
    /** The pool and thin0 (device id 0). */
    static final String POOL_AND_THIN0 = """
            pool: 0 8192 thin-pool 8:0 8:16 128 0 0
            thin0: 0 65536 thin /dev/mapper/pool 0
            """;

    private ThinTestStack() {
    }

    /** A scenario of {@code table} over the two disks, with {@code tasks} (YAML list items) as its timed tasks. */
    static Scenario scenario(String id, String table, String tasks) {
        return ScenarioLoader.parse(id + ".yaml", """
                id: %s
                stack:
                  leaves:
                    - {name: sdm, devno: "8:0", latency: 100us}
                    - {name: sdd, devno: "8:16", latency: 100us}
                  table: |
                %s
                workload:
                  mode: timed
                  tasks:
                %s
                """.formatted(id, table.indent(4), tasks.indent(4)));
    }

    /** The machine of {@code s} under MODERN with {@code knobs} added. */
    static Machine machine(Scenario s, String... knobs) {
        return new Machine(s.stack(), Strategy.MODERN.knobs.withAll(List.of(knobs)), s.pressure(), 1);
    }

    /** Runs the scenario's tasks on {@code m}, asserting every bio completed and nothing stalled. */
    static RunResult runToCompletion(Machine m, Scenario s) {
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()),
                new ReplayRun.Options(1_000_000_000L, 120_000_000_000L));
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(r.submitted());
        return r;
    }

    /** The pool of {@code m}'s thin-pool device. */
    static ThinPool pool(Machine m) {
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof ThinPoolTarget pt) {
                return pt.pool();
            }
        }
        throw new AssertionError("no pool");
    }
}
