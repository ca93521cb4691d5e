package dev.dmreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task's CPU budget ({@link Task#cpuBudget}): the modelled CPU times it takes while the budget is set add up to
 * at most the budget; sleeps are not bounded; without a budget CPU time is taken as asked.
 */
class TaskCpuBudgetTest {

    /** Takes {@code cpu} ns of CPU time per entry, logging the time after each. */
    private static Frame burner(long budget, long[] cpu, List<Long> log) {
        return new Frame() {
            private int i;

            @Override
            public Step step(Task t) {
                if (pc == 0) {
                    pc = 1;
                    t.cpuBudget(budget);
                }
                if (i > 0) {
                    log.add(t.kernel().sim.now());
                }
                if (i == cpu.length) {
                    t.cpuBudget(Task.NO_BUDGET);
                    return RETURN;
                }
                return t.consumeCpu(cpu[i++]);
            }

            @Override
            public String function() {
                return "burner";
            }
        };
    }

    private static List<Long> run(long budget, long... cpu) {
        Kernel k = new Kernel(1, MemoryPressure.none());
        List<Long> log = new ArrayList<>();
        k.newTask("T", Task.Kind.USER).start(burner(budget, cpu, log));
        while (k.sim.step()) {
            // run
        }
        return log;
    }

    @Test
    void cpuTimeWithinABudgetAddsUpToTheBudgetAtMost() {
        assertThat(run(15_000, 10_000, 10_000, 10_000)).containsExactly(10_000L, 15_000L, 15_000L);
    }

    @Test
    void withoutABudgetCpuTimeIsTakenAsAsked() {
        assertThat(run(Task.NO_BUDGET, 10_000, 10_000, 10_000)).containsExactly(10_000L, 20_000L, 30_000L);
        assertThat(run(100_000, 10_000, 10_000)).containsExactly(10_000L, 20_000L);
    }

    @Test
    void aNegativeBudgetIsRefused() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Task t = k.newTask("T", Task.Kind.USER);
        assertThatThrownBy(() -> t.cpuBudget(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}
