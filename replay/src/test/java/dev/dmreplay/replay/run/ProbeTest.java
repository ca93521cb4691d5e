package dev.dmreplay.replay.run;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void s1() {
        for (Strategy s : Strategy.CLAIMS) {
            StackSpec spec = new StackSpec(
                    List.of(new StackSpec.Leaf("sda", "8:0", 0, new ServiceModel.Parametric(1_000_000, 0, 32), 0),
                            new StackSpec.Leaf("sdb", "8:16", 0, new ServiceModel.Parametric(1_000_000, 0, 32), 0)),
                    List.of(),
                    List.of(new StackSpec.Dm("X", "253:0", List.of(new StackSpec.TargetLine(0, 1 << 20, "striped",
                            List.of("2", "8", "sda", "0", "sdb", "0"))), null)));
            Machine m = new Machine(spec, s.knobs.with("cpuNsPerMap", "1000"), MemoryPressure.hard(), 1);
            List<SyntheticWorkload.TaskPlan> plans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                plans.add(new SyntheticWorkload.TaskPlan("T" + (i + 1),
                        List.of(new BioRequest(0, "X", Op.WRITE, 0, i * 64L, 32))));
            }
            RunResult r = ReplayRun.run(m, new SyntheticWorkload(plans, ReplayMode.timed()), ReplayRun.Options.defaults());
            System.out.println(s + " " + r.outcome() + " " + r.completed() + "/" + r.submitted() + " " + r.chain());
        }
    }
}
