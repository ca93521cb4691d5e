package dev.dmreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.pressure.MemoryPressure;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static void drain(Simulator s) {
        while (s.step()) {
            // run to the end
        }
    }

    @Test
    void eventsAtTheSameTimeRunInTheOrderTheyWereScheduled() {
        Simulator s = new Simulator(1);
        List<String> order = new ArrayList<>();
        s.at(10, () -> order.add("a@10"));
        s.at(5, () -> {
            order.add("b@5");
            s.after(5, () -> order.add("d@10 (scheduled at 5)"));
            s.after(0, () -> order.add("e@5 (scheduled at 5)"));
        });
        s.at(10, () -> order.add("c@10"));
        s.at(5, () -> order.add("f@5"));
        drain(s);
        assertThat(order).containsExactly("b@5", "f@5", "e@5 (scheduled at 5)", "a@10", "c@10",
                "d@10 (scheduled at 5)");
        assertThat(s.now()).isEqualTo(10);
        assertThat(s.eventsRun()).isEqualTo(6);
    }

    @Test
    void aLargeShuffledScheduleComesOutSortedByTimeThenSchedulingOrder() {
        Simulator s = new Simulator(1);
        SplittableRandom r = new SplittableRandom(42);
        List<long[]> seen = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long t = r.nextLong(200);      // many ties
            long id = i;
            s.at(t, () -> seen.add(new long[] {s.now(), id}));
        }
        drain(s);
        assertThat(seen).hasSize(5_000);
        for (int i = 1; i < seen.size(); i++) {
            long[] a = seen.get(i - 1);
            long[] b = seen.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("event %d after %d", b[1], a[1]).isTrue();
        }
    }

    @Test
    void pollingEventsAreNotProgress() {
        Simulator s = new Simulator(1);
        s.pollAfter(5_000, () -> { });
        s.pollAfter(10_000, () -> { });
        assertThat(s.pending()).isEqualTo(2);
        assertThat(s.progressEventsPending()).isZero();
        s.after(7_000, () -> { });
        assertThat(s.pending()).isEqualTo(3);
        assertThat(s.progressEventsPending()).isEqualTo(1);
        assertThat(s.nextTime()).isEqualTo(5_000);
        s.step(); // the first poll
        assertThat(s.progressEventsPending()).isEqualTo(1);
        s.step(); // the progress event
        assertThat(s.now()).isEqualTo(7_000);
        assertThat(s.progressEventsPending()).isZero();
        assertThat(s.pending()).isEqualTo(1);
        s.step();
        assertThat(s.pending()).isZero();
        assertThat(s.nextTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.step()).isFalse();
    }

    @Test
    void aSleeperWithATimeoutOnlyLeavesPollingEventsBehind() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        WaitQueue q = new WaitQueue("q", List::of);
        Task t = k.newTask("T", Task.Kind.USER);
        t.start(new Frame() {
            @Override
            public Step step(Task task) {
                if (pc == 0) {
                    pc = 1;
                    return q.sleepTimeout(task, "wait_event_timeout", 1_000);
                }
                return RETURN;
            }

            @Override
            public String function() {
                return "f";
            }
        });
        k.sim.step(); // T runs and sleeps
        assertThat(t.isBlocked()).isTrue();
        assertThat(k.sim.pending()).isEqualTo(1);
        assertThat(k.sim.progressEventsPending()).isZero();   // only the timer: nothing can make progress
        k.sim.step(); // the timer fires at 1000 and wakes T: its run is progress
        assertThat(k.sim.now()).isEqualTo(1_000);
        assertThat(k.sim.progressEventsPending()).isEqualTo(1);
    }

    @Test
    void eventsInThePastAreRejected() {
        Simulator s = new Simulator(1);
        s.at(100, () -> { });
        s.step();
        assertThatThrownBy(() -> s.at(99, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99").hasMessageContaining("100");
        assertThatThrownBy(() -> s.after(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.pollAfter(-5, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.pending()).isZero();
        s.at(100, () -> { });       // now is fine
        assertThat(s.pending()).isEqualTo(1);
    }

    @Test
    void anExceptionInsideAFrameCarriesTimeTaskBacktraceAndEvent() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Task t = k.newTask("kworker/0:1", Task.Kind.KWORKER);
        Frame inner = new Frame() {
            @Override
            public Step step(Task task) {
                throw new IllegalStateException("boom");
            }

            @Override
            public String function() {
                return "inner_fn";
            }
        };
        k.sim.at(250, () -> t.start(new Frame() {
            @Override
            public Step step(Task task) {
                return task.call(inner);
            }

            @Override
            public String function() {
                return "outer_fn";
            }
        }));
        k.sim.step(); // schedules T's run at 250
        assertThatThrownBy(k.sim::step).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.timeNs()).isEqualTo(250);
            assertThat(e.task()).isEqualTo("kworker/0:1");
            assertThat(e.backtrace()).containsExactly("inner_fn", "outer_fn");
            assertThat(e.event()).isEqualTo("run task kworker/0:1");
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(e.getMessage()).contains("250 ns").contains("inner_fn <- outer_fn").contains("boom");
        });
    }

    @Test
    void anExceptionOutsideATaskHasNoTask() {
        Simulator s = new Simulator(1);
        s.at(7, () -> {
            throw new ArithmeticException("x");
        });
        assertThatThrownBy(s::step).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.timeNs()).isEqualTo(7);
            assertThat(e.task()).isNull();
            assertThat(e.backtrace()).isEmpty();
            assertThat(e.event()).endsWith("callback");
        });
    }

    @Test
    void randomSourcesDependOnlyOnSeedAndComponent() {
        long a = new Simulator(3).random("pressure").nextLong();
        assertThat(new Simulator(3).random("pressure").nextLong()).isEqualTo(a);
        assertThat(new Simulator(4).random("pressure").nextLong()).isNotEqualTo(a);
        assertThat(new Simulator(3).random("workload-0").nextLong()).isNotEqualTo(a);
    }
}
