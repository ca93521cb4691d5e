package dev.dmreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocksAndWorkqueueTest {

    /** A frame that takes the mutex, holds it for {@code holdNs}, releases it and logs. */
    private static Frame holder(Mutex m, long holdNs, List<String> log) {
        return new Frame() {
            @Override
            public Step step(Task t) {
                switch (pc) {
                    case 0:
                        pc = 1;
                        if (m.lock(t) == SCHEDULE) {
                            return SCHEDULE;
                        }
                        // fall through
                    case 1:
                        log.add(t.name + " got @" + t.kernel().sim.now());
                        pc = 2;
                        return t.consumeCpu(holdNs);
                    default:
                        m.unlock(t);
                        return RETURN;
                }
            }

            @Override
            public String function() {
                return "holder";
            }
        };
    }

    @Test
    void mutexHandsOffInFifoOrderAndRecordsItsOwner() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Mutex m = new Mutex("m");
        List<String> log = new ArrayList<>();
        for (String n : List.of("A", "B", "C")) {
            k.newTask(n, Task.Kind.USER).start(holder(m, 10, log));
        }
        k.sim.step();
        k.sim.step();
        assertThat(m.owner().name).isEqualTo("A");
        assertThat(m.holders()).hasSize(1);
        while (k.sim.step()) {
            // run
        }
        assertThat(log).containsExactly("A got @0", "B got @10", "C got @20");
        assertThat(m.owner()).isNull();
    }

    @Test
    void readersWaitBehindAWaitingWriter() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        RwSemaphore s = new RwSemaphore("s");
        Task r1 = k.newTask("R1", Task.Kind.USER);
        Task w = k.newTask("W", Task.Kind.USER);
        Task r2 = k.newTask("R2", Task.Kind.USER);
        assertThat(s.downRead(r1)).isEqualTo(Step.RETURN);
        assertThat(s.downWrite(w)).isEqualTo(Step.SCHEDULE);
        assertThat(s.downRead(r2)).isEqualTo(Step.SCHEDULE);
        s.upRead(r1);
        assertThat(s.holders()).containsExactly(w);
        s.upWrite(w);
        assertThat(s.holders()).containsExactly(r2);
    }

    @Test
    void aWorkItemNeverRunsConcurrentlyWithItselfAndRunsAgainIfQueuedWhileRunning() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Workqueue wq = new Workqueue(k, "wq", 0);
        List<String> log = new ArrayList<>();
        WorkItem[] item = new WorkItem[1];
        item[0] = new WorkItem("w", () -> new Frame() {
            @Override
            public Step step(Task t) {
                if (pc == 0) {
                    log.add("start " + t.kernel().sim.now());
                    pc = 1;
                    return t.consumeCpu(5);
                }
                log.add("end " + t.kernel().sim.now());
                return RETURN;
            }

            @Override
            public String function() {
                return "w";
            }
        });
        assertThat(wq.queue(item[0])).isTrue();
        assertThat(wq.queue(item[0])).isFalse(); // already pending
        k.sim.step();
        assertThat(item[0].state()).isEqualTo(WorkItem.State.RUNNING);
        assertThat(wq.queue(item[0])).isTrue();
        assertThat(item[0].state()).isEqualTo(WorkItem.State.RUNNING_AND_PENDING);
        while (k.sim.step()) {
            // run
        }
        assertThat(log).containsExactly("start 0", "end 5", "start 5", "end 10");
        assertThat(item[0].runs()).isEqualTo(2);
    }
}
