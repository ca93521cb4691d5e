package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replayed task keeps the pace of the traced one: the CPU time the model charges a submission ({@code map} of
 * each layer, drawn from the trace's samples of other bios) fits in the gap to the task's next recorded {@code Q}
 * ({@link dev.dmreplay.replay.sim.Task#cpuBudget}), since {@code submit_bio} returns only after the stack's map
 * path. On these captures nothing blocks a submitter, so every bio goes at its recorded time; before the budget, a
 * thin device's deferrals (charged its in-line remaps' 10-30 us where the kernel queued the next bio 6 us later)
 * and dm-cache's bursts fell behind by up to 0.7 ms.
 */
class SubmissionPaceTest {
    @ParameterizedTest
    @ValueSource(strings = {"real-thin-passdown", "real-cache", "real-crypt-striped", "real-linear"})
    void everyTopLevelBioIsSubmittedAtItsRecordedTime(String name) throws Exception {
        TraceReplay.Setup s = TraceReplay.Setup.builder(QueueAccountingTest.traces().resolve(name))
                .knobs(Strategy.DF.knobs).build();
        TraceReplay.Prepared p = TraceReplay.prepare(s);
        List<Long> late = new ArrayList<>();
        long[] submitted = new long[1];
        p.machine().kernel.addListener(o -> {
            if (o.kind() == ObservationKind.SUBMIT) {
                submitted[0]++;
                if (o.time() != o.value()) {
                    late.add(o.time() - o.value());
                }
            }
        });
        RunResult r = p.run(null, s.options());
        assertThat(submitted[0]).isEqualTo(r.submitted()).isGreaterThan(1000);
        assertThat(late).as("bios submitted after their recorded time (ns late)").isEmpty();
    }
}
