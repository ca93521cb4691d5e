package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A commit's I/O goes out one step after the other, as {@code dm_pool_commit_metadata} (dm-thin-metadata.c v6.1)
 * issues it: the data device's flush, then the dirty blocks, then, once every one of them completed
 * ({@code dm_bufio_write_dirty_buffers} waits before {@code dm_bufio_issue_flush}), the metadata flush, then the
 * superblock, then the last flush; and the worker's CPU time between the steps ({@link CommitCpu}) comes first.
 */
class CommitFrameOrderTest {
    private static final long US = 1_000;

    @Test
    void eachCommitStepWaitsForThePreviousOneAndTheWorkersCpuTime() {
        Scenario s = ThinTestStack.scenario("thin-commit", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 8, sectors: 8, at: 0}
                    - {device: thin0, op: write, sector: 0, sectors: 0, flags: [preflush], at: 3ms}
                """);
        Machine m = ThinTestStack.machine(s);
        CommitCpu cpu = new CommitCpu(400 * US, 60 * US, 50 * US, 120 * US, 40 * US);
        ThinTestStack.pool(m).commitCpu(cpu);
        List<Observation> meta = new ArrayList<>();
        List<Observation> dataFlush = new ArrayList<>();
        m.kernel.addListener(o -> {
            boolean io = o.kind() == ObservationKind.DISPATCH || o.kind() == ObservationKind.COMPLETE;
            if (io && "sdm".equals(o.device())) {
                meta.add(o);
            } else if (io && "sdd".equals(o.device()) && o.sectors() == 0) {
                dataFlush.add(o);
            }
        });
        ThinTestStack.runToCompletion(m, s);

        long dataFlushDone = time(dataFlush, ObservationKind.COMPLETE, 0);
        List<Observation> dirty = meta.stream().filter(o -> o.sectors() > 0 && o.sector() != 0).toList();
        long firstDirty = dirty.stream().filter(o -> o.kind() == ObservationKind.DISPATCH)
                .mapToLong(Observation::time).min().orElseThrow();
        long dirtyDone = dirty.stream().filter(o -> o.kind() == ObservationKind.COMPLETE)
                .mapToLong(Observation::time).max().orElseThrow();
        List<Observation> flushes = meta.stream().filter(o -> o.sectors() == 0).toList();
        List<Observation> superblock = meta.stream().filter(o -> o.sectors() > 0 && o.sector() == 0).toList();

        assertThat(firstDirty).as("__write_changed_details, dm_sm_commit: CPU after the data flush")
                .isGreaterThanOrEqualTo(dataFlushDone + cpu.beforeWrites());
        assertThat(time(flushes, ObservationKind.DISPATCH, 0)).as("the flush waits for every dirty block's write")
                .isGreaterThanOrEqualTo(dirtyDone + cpu.beforeFlush());
        assertThat(time(superblock, ObservationKind.DISPATCH, 0)).as("the superblock after the flush")
                .isGreaterThanOrEqualTo(time(flushes, ObservationKind.COMPLETE, 0) + cpu.beforeSuperblock());
        assertThat(time(flushes, ObservationKind.DISPATCH, 1)).as("the last flush after the superblock's write")
                .isGreaterThanOrEqualTo(time(superblock, ObservationKind.COMPLETE, 0) + cpu.beforeSecondFlush());
    }

    private static long time(List<Observation> l, ObservationKind kind, int nth) {
        return l.stream().filter(o -> o.kind() == kind).skip(nth).findFirst().orElseThrow().time();
    }
}
