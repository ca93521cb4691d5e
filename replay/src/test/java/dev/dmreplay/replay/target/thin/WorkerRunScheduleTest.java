package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pool worker's run times learnt from a trace ({@link WorkerRunSchedule}): a deferred bio waits for the
 * kernel's first worker run after its recorded Q, so bios deferred before that run are provisioned together in
 * sector order ({@code process_thin_deferred_cells}, dm-thin.c v6.1); with no run within the window the worker
 * runs at once.
 */
class WorkerRunScheduleTest {
    private static final long MS = 1_000_000;

    @Test
    void aBioWaitsForTheFirstLearntRunAfterItsOwnQueueTime() {
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {5 * MS, MS / 2},
                Map.of("thin0", Map.of(8L, new long[] {MS, 20 * MS})), 4 * MS);
        assertThat(s.runAt(0)).isEqualTo(MS / 2);
        assertThat(s.runAt(MS / 2)).as("a run at the wake's own instant").isEqualTo(MS / 2);
        assertThat(s.runAt(2 * MS)).as("between two runs: the next one").isEqualTo(5 * MS);
        assertThat(s.runAt(6 * MS)).as("no run within 4 ms: at once").isEqualTo(6 * MS);
        // deferred by the model a little after its Q at 1 ms: the run at 5 ms
        assertThat(s.runFor("thin0", 8, 1_200_000)).isEqualTo(5 * MS);
        // deferred after the kernel's run for it had passed: at once, not the kernel's next, unrelated run
        assertThat(s.runFor("thin0", 8, 5_500_000)).isEqualTo(5_500_000);
        // its later Q at 20 ms has no run within the window; a sector the trace never queued does not wait
        assertThat(s.runFor("thin0", 8, 20 * MS + 1)).isEqualTo(20 * MS + 1);
        assertThat(s.runFor("thin0", 16, 1_200_000)).isEqualTo(1_200_000);
        assertThat(s.runFor("thin1", 8, 1_200_000)).isEqualTo(1_200_000);
    }

    @Test
    void aCellTakesThePassKeyOfTheRecordedQueueNearestToItsOwn() {
        // sector 8 was provisioned twice in the trace: queued at 1 ms (its pass took the list at 1.3 ms) and at
        // 300 ms (taken at 300.2 ms)
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {2 * MS}, Map.of(),
                Map.of("thin0", Map.of(8L, new long[] {MS, 1_300_000, 300 * MS, 300_200_000})), 4 * MS);
        assertThat(s.passKey("thin0", 8, 900_000)).as("the model a little early").isEqualTo(1_300_000);
        assertThat(s.passKey("thin0", 8, 1_500_000)).as("a little late").isEqualTo(1_300_000);
        assertThat(s.passKey("thin0", 8, 299 * MS)).isEqualTo(300_200_000);
        assertThat(s.passKey("thin0", 8, 150 * MS)).as("no recorded Q within 50 ms")
                .isEqualTo(WorkerRunSchedule.NO_PASS);
        assertThat(s.passKey("thin0", 16, MS)).isEqualTo(WorkerRunSchedule.NO_PASS);
        assertThat(s.passKey("thin1", 8, MS)).isEqualTo(WorkerRunSchedule.NO_PASS);
    }

    /** The commits of a pool whose first traced commit was at 0 ({@code traced}) or made at 0, by 500 ms. */
    private static long commitsBy500ms(boolean traced) {
        Scenario s = ThinTestStack.scenario("thin-first-commit", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 648, sectors: 8, at: 0}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        if (traced) {
            pool.firstCommitAt(0);
        }
        long[] commits = new long[1];
        pool.kernel.sim.at(500 * MS, () -> commits[0] = pool.stats().commits);
        ThinTestStack.runToCompletion(m, s);
        return commits[0];
    }

    /** Runs the writes with the pool's worker on this schedule (null: at once); the pool afterwards. */
    private static ThinPool run(WorkerRunSchedule schedule) {
        Scenario s = ThinTestStack.scenario("thin-worker-runs", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 648, sectors: 8, at: 0}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 136, sectors: 8, at: 100us}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 1160, sectors: 8, at: 1ms}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 264, sectors: 8, at: 1100us}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 392, sectors: 8, at: 20ms}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 8, sectors: 8, at: 20100us}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        pool.workerRuns(schedule);
        ThinTestStack.runToCompletion(m, s);
        return pool;
    }

    /** The data blocks of virtual blocks 5, 1, 9, 2, 3, 0: the order the writes were queued in. */
    private static List<Long> blocks(ThinPool p) {
        return List.of(5L, 1L, 9L, 2L, 3L, 0L).stream().map(v -> p.meta.lookup(0, v).dataBlock()).toList();
    }

    @Test
    void withoutAScheduleEachWriteIsProvisionedInArrivalOrder() {
        ThinPool p = run(null);
        assertThat(blocks(p)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(p.stats().delayedWakes).isZero();
    }

    @Test
    void writesDeferredBeforeTheKernelsNextRunAreProvisionedTogetherInSectorOrder() {
        // the kernel's worker ran at 0.5 ms and 5 ms: the writes queued at 0 and 0.1 ms waited for the first run,
        // those at 1 and 1.1 ms (between the two runs) for the second; the writes at 20 ms have no run within the
        // window and run the worker at once, in arrival order
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {MS / 2, 5 * MS},
                Map.of("thin0", Map.of(648L, new long[] {0}, 136L, new long[] {MS / 10}, 1160L, new long[] {MS},
                        264L, new long[] {1_100_000}, 392L, new long[] {20 * MS}, 8L, new long[] {20_100_000})));
        ThinPool p = run(s);
        assertThat(blocks(p)).as("vblocks 5, 1, 9, 2, 3, 0 (queue order): 1 before 5, 2 before 9, then 3, 0")
                .containsExactly(1L, 0L, 3L, 2L, 4L, 5L);
        assertThat(p.stats().delayedWakes).isEqualTo(2);
    }

    @Test
    void aRunTakesOnlyTheCellsOfTheEarliestKernelPassAndTheNextPassRunsRightAfter() {
        // one learnt record at 2 ms, after all four writes: on run times alone the four are taken together in
        // sector order (vblocks 1, 2, 5, 9 get blocks 0-3). The trace shows two passes: the kernel took 648 and 136
        // (queued at 0 and 0.1 ms), then 1160 and 264 (1 and 1.1 ms) in a second pass
        Map<String, Map<Long, long[]>> queued = Map.of("thin0", Map.of(648L, new long[] {0}, 136L,
                new long[] {MS / 10}, 1160L, new long[] {MS}, 264L, new long[] {1_100_000}, 392L,
                new long[] {20 * MS}, 8L, new long[] {20_100_000}));
        ThinPool together = run(WorkerRunSchedule.of(new long[] {2 * MS}, queued));
        assertThat(blocks(together)).containsExactly(2L, 0L, 3L, 1L, 4L, 5L);
        assertThat(together.stats().cellsLeftForNextPass).isZero();

        Map<String, Map<Long, long[]>> passes = Map.of("thin0", Map.of(648L, new long[] {0, MS / 10}, 136L,
                new long[] {MS / 10, MS / 10}, 1160L, new long[] {MS, 1_100_000}, 264L,
                new long[] {1_100_000, 1_100_000}));
        ThinPool inPasses = run(WorkerRunSchedule.of(new long[] {2 * MS}, queued, passes,
                WorkerRunSchedule.DEFAULT_WINDOW_NS));
        assertThat(blocks(inPasses)).as("vblocks 5, 1, 9, 2, 3, 0: pass one gives 1 and 5 blocks 0 and 1")
                .containsExactly(1L, 0L, 3L, 2L, 4L, 5L);
        assertThat(inPasses.stats().cellsLeftForNextPass).isEqualTo(2);
    }

    @Test
    void aPassWaitsForItsCellsTheModelDefersLaterThanTheKernelQueuedThem() {
        // the kernel queued 648 and 136 at 0 and 50 us and took both in one pass (take point 50 us; first record
        // 60 us); the replay defers 136 only at 100 us (its map path is slower)
        Map<String, Map<Long, long[]>> queued = Map.of("thin0", Map.of(648L, new long[] {0}, 136L,
                new long[] {50_000}));
        ThinPool alone = run(WorkerRunSchedule.of(new long[] {60_000}, queued));
        assertThat(blocks(alone)).as("the run at 60 us takes 648 alone").containsExactly(0L, 1L, 2L, 3L, 4L, 5L);

        Map<String, Map<Long, long[]>> passes = Map.of("thin0", Map.of(648L, new long[] {0, 50_000}, 136L,
                new long[] {50_000, 50_000}));
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {60_000}, queued, passes,
                WorkerRunSchedule.DEFAULT_WINDOW_NS);
        assertThat(s.passSize(50_000)).isEqualTo(2);
        assertThat(s.passSize(60_000)).isZero();
        ThinPool together = run(s);
        assertThat(blocks(together)).as("vblocks 5, 1, 9, 2, 3, 0: the pass waits for 136 and sorts it first")
                .containsExactly(1L, 0L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aZeroedBlockIsMappedAtOnceWhileTheNextPassWaitsForItsLearntRun() {
        // 648 (vblock 5) is provisioned at once (no learnt run); 136 (vblock 1), queued at 0.1 ms, waits for the
        // kernel's run at 3 ms. 648's zeroing ends after 0.1 ms: copy_complete's wake_worker runs the worker for
        // the prepared mapping then (do_worker → process_prepared), not at 136's learnt run
        Scenario s = ThinTestStack.scenario("thin-prepared-wake", ThinTestStack.POOL_AND_THIN0, """
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 648, sectors: 8, at: 0}
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 136, sectors: 8, at: 100us}
                """);
        Machine m = ThinTestStack.machine(s, "thinMetadataCache=WARM");
        ThinPool pool = ThinTestStack.pool(m);
        pool.workerRuns(WorkerRunSchedule.of(new long[] {3 * MS},
                Map.of("thin0", Map.of(136L, new long[] {MS / 10}))));
        boolean[] mappedBy2ms = new boolean[2];
        pool.kernel.sim.at(2 * MS, () -> {
            mappedBy2ms[0] = pool.meta.lookup(0, 5) != null;
            mappedBy2ms[1] = pool.meta.lookup(0, 1) != null;
        });
        ThinTestStack.runToCompletion(m, s);
        assertThat(mappedBy2ms[0]).as("vblock 5's prepared mapping was processed when its zeroing ended").isTrue();
        assertThat(mappedBy2ms[1]).as("vblock 1 still waits for the kernel's run at 3 ms").isFalse();
        assertThat(pool.stats().delayedWakes).isEqualTo(1);
    }

    @Test
    void aBioIsHeldUntilTheKernelsWorkerRemappedThatSameBio() {
        // sector 8 of thin0: a read queued at 1 ms the worker remapped at 4 ms, a write queued at 1.2 ms it
        // remapped at 9 ms, and a read queued at 30 ms it remapped at 31 ms
        Map<String, Map<Long, long[]>> remaps = Map.of(
                WorkerRunSchedule.remapKey("thin0", false), Map.of(8L, new long[] {MS, 4 * MS, 30 * MS, 31 * MS}),
                WorkerRunSchedule.remapKey("thin0", true), Map.of(8L, new long[] {1_200_000, 9 * MS}));
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {4 * MS}, Map.of(), Map.of(), remaps, 4 * MS);
        assertThat(s.remapAt("thin0", false, 8, 1_100_000)).as("the read, mapped a little after its Q")
                .isEqualTo(4 * MS);
        assertThat(s.remapAt("thin0", true, 8, 1_250_000)).as("the write of the same sector: its own remap")
                .isEqualTo(9 * MS);
        assertThat(s.remapAt("thin0", false, 8, 30 * MS)).isEqualTo(31 * MS);
        assertThat(s.remapAt("thin0", false, 8, 10 * MS))
                .as("no recorded read within 1 ms: the kernel's map path remapped it").isEqualTo(WorkerRunSchedule.NO_PASS);
        assertThat(s.remapAt("thin0", false, 16, MS)).isEqualTo(WorkerRunSchedule.NO_PASS);
        assertThat(s.remapAt("thin1", false, 8, MS)).isEqualTo(WorkerRunSchedule.NO_PASS);
    }

    @Test
    void aFlushDeferredALittleBeforeItsRecordedQueueWaitsForItsOwnRun() {
        // fsyncs' empty REQ_PREFLUSH bios at sector 0 of thin0, recorded at 100 ms and 300 ms; the kernel's worker
        // ran 3.3 ms after the second (thin_bio_map defers every flush, dm-thin.c v6.1)
        WorkerRunSchedule s = WorkerRunSchedule.of(new long[] {100_200_000, 303_300_000},
                Map.of("thin0", Map.of(0L, new long[] {100 * MS, 300 * MS})), 4 * MS);
        // crypt_map (dm-crypt.c v6.1) sent the second flush on 30 us before the traced kernel's Q on thin0: its own
        // Q, not the first flush's (whose run is long past), so the worker waits for the kernel's run
        assertThat(s.runFor("thin0", 0, 299_970_000)).isEqualTo(303_300_000);
        assertThat(s.runFor("thin0", 0, 300_050_000)).as("a little after its Q").isEqualTo(303_300_000);
        // more than 1 ms ahead of any recorded Q: the last one before stays the bio's own (its run is past)
        assertThat(s.runFor("thin0", 0, 298 * MS)).isEqualTo(298 * MS);
        assertThat(s.runFor("thin0", 0, 99_500_000)).as("before the first Q").isEqualTo(100_200_000);
    }

    @Test
    void aPoolMadeBeforeTheTraceCommitsItsFirstChangeAtOnce() {
        // need_commit_due_to_time (dm-thin.c v6.1) counts COMMIT_PERIOD from the pool's last commit, which came
        // before the capture: the kernel's worker committed the first new mapping at once, with no flush waiting
        assertThat(commitsBy500ms(true)).as("committed in the worker's first passes").isPositive();
        assertThat(commitsBy500ms(false)).as("pool_create at the start: COMMIT_PERIOD from there").isZero();
    }
}
