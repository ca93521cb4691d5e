package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import dev.dmreplay.replay.dm.LayerCpu;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A read of an unmapped block is not a provisioning bio: {@code provision_block} (dm-thin.c v6.1) ends it with
 * zeroes and allocates nothing, so the worker passes learnt from the trace's provisioning writes do not place it,
 * even when a write to the same sector was provisioned a little later (under a snapshot-origin, the copy of a chunk
 * reads the very sector the held origin write goes to next). The read is ended by the first worker run after its
 * own recorded Q, not held for the write's pass.
 */
class UnmappedReadPassTest {
    private static final long MS = 1_000_000;

    @Test
    void aReadOfAnUnmappedBlockDoesNotWaitForTheProvisioningPassOfAWriteAtItsSector() {
        Scenario s = ThinTestStack.scenario("thin-unmapped-read", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: read, sector: 256, sectors: 64, at: 0}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        // the kernel's worker ran 0.5 ms after the read's Q and again at 10 ms, when its pass took the write
        // queued at the same sector at 10 ms (Q, take point)
        pool.workerRuns(WorkerRunSchedule.of(new long[] {MS / 2, 10 * MS},
                Map.of("thin0", Map.of(256L, new long[] {0, 10 * MS})),
                Map.of("thin0", Map.of(256L, new long[] {10 * MS, 10 * MS})), 4 * MS));
        List<Long> ends = thin0Completions(m);
        ThinTestStack.runToCompletion(m, s);

        assertThat(ends).hasSize(1);
        assertThat(ends.get(0)).as("zero-filled by the worker's run after the read's own Q")
                .isGreaterThanOrEqualTo(MS / 2).isLessThan(2 * MS);
    }

    /**
     * The trace's {@code C} of a zero-filled read is its completion, DM's completion path included: the thin
     * device's learnt completion time (its writes', 300 us here, from their lower completion to theirs) is not
     * added after it. q-thin's buffered reads of never-written blocks took 2.1-2.4 times the kernel's 0.1 ms before.
     */
    @Test
    void aZeroFilledReadEndsAtTheKernelsCompletionWithoutTheDevicesLearntCompletionTime() {
        Scenario s = ThinTestStack.scenario("thin-zero-fill", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: read, sector: 256, sectors: 8, at: 0}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        // the kernel's worker ran 0.1 ms after the read's Q and completed it with zeroes then
        pool.workerRuns(WorkerRunSchedule.of(new long[] {MS / 10}, Map.of("thin0", Map.of(256L, new long[] {0})),
                Map.of(), Map.of(WorkerRunSchedule.remapKey("thin0", false), Map.of(256L, new long[] {0, MS / 10})),
                4 * MS));
        TraceServiceModel endio = new TraceServiceModel.Builder().add(Op.WRITE, 8, 300_000).build(1);
        ((MappedDevice) m.device("thin0")).layerCpu(new LayerCpu(null, endio, new SplittableRandom(1)));
        List<Long> ends = thin0Completions(m);
        ThinTestStack.runToCompletion(m, s);

        assertThat(ends).containsExactly(MS / 10);
    }

    /** When each bio completed on thin0, filled in as the machine runs. */
    private static List<Long> thin0Completions(Machine m) {
        List<Long> ends = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.COMPLETE && "thin0".equals(o.device())) {
                ends.add(o.time());
            }
        });
        return ends;
    }
}
