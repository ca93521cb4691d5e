package dev.dmreplay.replay.target;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dm-delay's three classes ({@code delay_map}, v6.1): a preflush write goes to the flush class's device after the
 * flush class's delay, other writes to the write class, reads to the read class; with fewer classes in the table a
 * preflush write takes the write class.
 */
class DelayClassTest {
    private static final long MS = 1_000_000;

    private static List<Observation> run(Strategy s, String... delayArgs) {
        StackSpec spec = TestStacks.stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS),
                leaf("sdc", "8:32", MS)), dm("D", line(0, 4096, "delay", delayArgs)));
        Machine m = new Machine(spec, s.knobs, MemoryPressure.none(), 1);
        List<Observation> obs = new ArrayList<>();
        m.kernel.addListener(obs::add);
        List<BioRequest> reqs = List.of(new BioRequest(0, "D", Op.READ, 0, 8, 8),
                new BioRequest(0, "D", Op.WRITE, 0, 16, 8),
                new BioRequest(0, "D", Op.WRITE, Bio.PREFLUSH, 0, 0));
        ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1", reqs)),
                ReplayMode.timed()), ReplayRun.Options.defaults());
        return obs;
    }

    /** The first dispatch on the named disk. */
    private static Observation dispatchOn(List<Observation> obs, String disk) {
        return obs.stream().filter(o -> o.kind() == ObservationKind.DISPATCH && disk.equals(o.device()))
                .findFirst().orElseThrow(() -> new AssertionError("no dispatch on " + disk + ": " + obs));
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"DF", "MODERN"})
    void aPreflushWriteTakesTheFlushClassDeviceAndDelay(Strategy s) {
        List<Observation> obs = run(s, "/dev/sda", "100", "2", "/dev/sdb", "200", "5", "/dev/sdc", "300", "9");
        Observation read = dispatchOn(obs, "sda");
        Observation write = dispatchOn(obs, "sdb");
        Observation flush = dispatchOn(obs, "sdc");
        assertThat(read.sector()).isEqualTo(108);
        assertThat(write.sector()).isEqualTo(216);
        assertThat(flush.sectors()).isZero();
        // each class's own delay (jiffy-free in the model): the flush leaves kdelayd after 9 ms, not the write's 5
        assertThat(read.time()).isGreaterThanOrEqualTo(2 * MS).isLessThan(5 * MS);
        assertThat(write.time()).isGreaterThanOrEqualTo(5 * MS).isLessThan(9 * MS);
        assertThat(flush.time()).isGreaterThanOrEqualTo(9 * MS);
        assertThat(obs.stream().filter(o -> o.kind() == ObservationKind.DISPATCH)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"DF", "MODERN"})
    void withTwoClassesAPreflushWriteTakesTheWriteClass(Strategy s) {
        List<Observation> obs = run(s, "/dev/sda", "100", "2", "/dev/sdb", "200", "5");
        List<Observation> onB = obs.stream().filter(o -> o.kind() == ObservationKind.DISPATCH
                && "sdb".equals(o.device())).toList();
        assertThat(onB).extracting(Observation::sectors).containsExactlyInAnyOrder(8, 0);
        assertThat(onB).allSatisfy(o -> assertThat(o.time()).isGreaterThanOrEqualTo(5 * MS));
        assertThat(obs.stream().filter(o -> o.kind() == ObservationKind.DISPATCH && "sdc".equals(o.device())))
                .isEmpty();
    }
}
