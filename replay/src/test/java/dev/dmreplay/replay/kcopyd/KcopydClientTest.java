package dev.dmreplay.replay.kcopyd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.TestStacks;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.LeafDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class KcopydClientTest {
    private static final long MS = 1_000_000L;
    /** The test body is finished. */
    private static final Step END = null;

    private static Machine machine(MemoryPressure p) {
        return new Machine(TestStacks.stack(List.of(TestStacks.leaf("sda", "8:0", MS), TestStacks.leaf("sdb", "8:16", MS)),
                TestStacks.dm("lin", TestStacks.line(0, 1 << 20, "linear", "8:0", "0"))), Strategy.DF.knobs, p, 1);
    }

    /** Runs {@code body} once on a fresh user task; the body may return CALL like any frame step. */
    private static Task run(Machine m, String name, BiFunction<Task, Integer, Step> body) {
        Task t = m.kernel.newTask(name, Task.Kind.USER);
        t.start(new Frame() {
            @Override
            public Step step(Task task) {
                while (true) {
                    Step r = body.apply(task, pc++);
                    if (r == END) {
                        return RETURN;
                    }
                    if (r != Step.RETURN) {
                        return r; // CALL or SCHEDULE: resume at the next pc
                    }
                }
            }

            @Override
            public String function() {
                return "test";
            }
        });
        return t;
    }

    private static void drain(Machine m) {
        while (m.kernel.sim.step()) {
            if (m.kernel.sim.now() > 60_000 * MS) {
                throw new AssertionError("did not settle");
            }
        }
    }

    @Test
    void aCopysWriteWaitsForTheKernelsWriteAtItsDestination() {
        Machine m = machine(MemoryPressure.none());
        BlockDevice sda = m.device("sda");
        BlockDevice sdb = m.device("sdb");
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        // the traced kernel read the source at once and wrote the destination 7 ms later
        kc.starts(new KcopydStarts(java.util.Map.of("sda", java.util.Map.of(64L, new long[] {0})),
                java.util.Map.of("sdb", java.util.Map.of(16L, new long[] {7 * MS})), 50 * MS));
        List<String> done = new ArrayList<>();
        run(m, "T1", (t, pc) -> pc == 0 ? kc.copy(t, new Region(sda, 64, 8), List.of(new Region(sdb, 16, 8)),
                (w, re, we) -> {
                    done.add(re + " " + we + " @" + m.kernel.sim.now() / MS + "ms");
                    return null;
                }) : END);
        drain(m);
        // read 0-1 ms, then the write waits for 7 ms and takes 1 ms (without the schedule: done at 2 ms)
        assertThat(done).containsExactly("false 0 @8ms");
        assertThat(kc.dmIo().counts()).containsExactly(
                new DmIoClient.IoCount("sda", IoClass.COPY_READ, "R", 1, 8),
                new DmIoClient.IoCount("sdb", IoClass.COPY_WRITE, "W", 1, 8));
    }

    @Test
    void theWritesOfOneKernelRunLeaveInTheKernelsOrderWhenAsked() {
        for (boolean ordered : new boolean[] {false, true}) {
            Machine m = machine(MemoryPressure.none());
            BlockDevice sda = m.device("sda");
            BlockDevice sdb = m.device("sdb");
            KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4,
                    KcopydThrottle.unlimited(), null);
            // the kernel read A's source at 5 ms and B's at once; it wrote A's destination, then B's, 10 us apart in
            // one run of its worker at 7 ms
            kc.starts(new KcopydStarts(
                    java.util.Map.of("sda", java.util.Map.of(64L, new long[] {5 * MS}, 72L, new long[] {0})),
                    java.util.Map.of("sdb", java.util.Map.of(16L, new long[] {7 * MS}, 24L, new long[] {7 * MS + 10_000})),
                    50 * MS));
            kc.orderWritesByRecord(ordered);
            List<String> done = new ArrayList<>();
            run(m, "T1", (t, pc) -> switch (pc) {
                case 0 -> kc.copy(t, new Region(sda, 64, 8), List.of(new Region(sdb, 16, 8)), (w, re, we) -> {
                    done.add("A");
                    return null;
                });
                case 1 -> kc.copy(t, new Region(sda, 72, 8), List.of(new Region(sdb, 24, 8)), (w, re, we) -> {
                    done.add("B");
                    return null;
                });
                default -> END;
            });
            drain(m);
            // B's read completed first (1 ms, A's at 6 ms); both writes wait for the run at 7 ms
            assertThat(done).as("ordered " + ordered).containsExactly(ordered ? new String[] {"A", "B"}
                    : new String[] {"B", "A"});
        }
    }

    @Test
    void jobsTheModelReachesAfterTheKernelsRunWaitForTheWorkersWakeUpTogetherAndTheirReadsMerge() {
        // an origin write over three chunks: the submitter makes a job per chunk, 15 us of CPU apart; the traced
        // kernel's worker had read all three at 0, before the model got there. queue_work() only wakes the worker,
        // so its run issues the three reads under one plug, and they merge into one request (6.1 traces of an
        // 8 KiB-chunk snapshot: four copy reads of a 32 KiB write, Q 15 us apart, one D of 64 sectors). Run the
        // moment each job was queued, the worker issued each read alone: three requests.
        Machine m = machine(MemoryPressure.none());
        m.layer.plugging(true);
        BlockDevice sda = m.device("sda");
        BlockDevice sdb = m.device("sdb");
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        kc.starts(new KcopydStarts(java.util.Map.of("sda", java.util.Map.of(64L, new long[] {0}, 72L, new long[] {0},
                80L, new long[] {0})), java.util.Map.of(), 50 * MS));
        List<String> done = new ArrayList<>();
        run(m, "T1", (t, pc) -> switch (pc) {
            case 0, 2, 4 -> kc.copy(t, new Region(sda, 64 + 4L * pc, 8), List.of(new Region(sdb, 16 + 4L * pc, 8)),
                    (w, re, we) -> {
                        done.add("copy @" + m.kernel.sim.now() / 1_000 + "us");
                        return null;
                    });
            case 1, 3 -> t.consumeCpu(15_000);
            default -> END;
        });
        drain(m);
        assertThat(done).hasSize(3);
        assertThat(((LeafDevice) sda).completedBios()).isEqualTo(3);
        assertThat(((LeafDevice) sda).mergedBios()).isEqualTo(2);
    }

    @Test
    void aCopyReadsTheSourceThenWritesEveryDestinationFromTheWorker() {
        Machine m = machine(MemoryPressure.none());
        BlockDevice sda = m.device("sda");
        BlockDevice sdb = m.device("sdb");
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        List<String> done = new ArrayList<>();
        run(m, "T1", (t, pc) -> pc == 0 ? kc.copy(t, new Region(sda, 64, 8), List.of(new Region(sdb, 16, 8),
                new Region(sdb, 800, 8)), (w, re, we) -> {
                    done.add(w.name + " " + re + " " + we + " @" + m.kernel.sim.now() / MS + "ms");
                    return null;
                }) : END);
        drain(m);
        assertThat(done).containsExactly("kcopyd/t false 0 @2ms");
        assertThat(kc.dmIo().counts()).containsExactly(
                new DmIoClient.IoCount("sda", IoClass.COPY_READ, "R", 1, 8),
                new DmIoClient.IoCount("sdb", IoClass.COPY_WRITE, "W", 2, 16));
        assertThat(((LeafDevice) sda).completedBios()).isEqualTo(1);
        assertThat(((LeafDevice) sdb).completedBios()).isEqualTo(2);
        assertThat(kc.jobPool().outstanding()).isZero();
        assertThat(kc.stats().jobsInFlight()).isZero();
    }

    @Test
    void aLargeCopyIsSplitIntoSubJobsAndCompletesOnce() {
        Machine m = machine(MemoryPressure.none());
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        int[] calls = {0};
        run(m, "T1", (t, pc) -> pc == 0 ? kc.copy(t, new Region(m.device("sda"), 0, 300),
                List.of(new Region(m.device("sdb"), 0, 300)), (w, re, we) -> {
                    calls[0]++;
                    return null;
                }) : END);
        drain(m);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(kc.stats().subJobs()).isEqualTo(3);
        assertThat(kc.dmIo().counts()).containsExactly(
                new DmIoClient.IoCount("sda", IoClass.COPY_READ, "R", 3, 300),
                new DmIoClient.IoCount("sdb", IoClass.COPY_WRITE, "W", 3, 300));
        // with the v5.3 sub-job size the same copy is one job
        Machine m2 = machine(MemoryPressure.none());
        KcopydClient kc2 = new KcopydClient(m2.layer, "t", KcopydClient.SUB_JOB_SECTORS_V53,
                KcopydThrottle.unlimited(), null);
        run(m2, "T1", (t, pc) -> pc == 0 ? kc2.copy(t, new Region(m2.device("sda"), 0, 300),
                List.of(new Region(m2.device("sdb"), 0, 300)), (w, re, we) -> null) : END);
        drain(m2);
        assertThat(kc2.stats().subJobs()).isZero();
        assertThat(kc2.dmIo().counts().get(0).bios()).isEqualTo(1);
    }

    @Test
    void copyBiosGoThroughMappedDevicesAndZeroingWritesZeroes() {
        Machine m = machine(MemoryPressure.none());
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        run(m, "T1", (t, pc) -> switch (pc) {
            case 0 -> kc.copy(t, new Region(m.device("lin"), 8, 8), List.of(new Region(m.device("sdb"), 0, 8)),
                    (w, re, we) -> null);
            case 1 -> kc.zero(t, List.of(new Region(m.device("sdb"), 64, 16)), (w, re, we) -> null);
            default -> END;
        });
        drain(m);
        assertThat(kc.dmIo().counts()).containsExactly(
                new DmIoClient.IoCount("lin", IoClass.COPY_READ, "R", 1, 8),
                new DmIoClient.IoCount("sdb", IoClass.COPY_WRITE, "W", 1, 8),
                new DmIoClient.IoCount("sdb", IoClass.ZERO_WRITE, "W", 1, 16));
        assertThat(((LeafDevice) m.device("sda")).completedBios()).as("the read was remapped by linear to sda")
                .isEqualTo(1);
    }

    @Test
    void theCallerSleepsInTheJobMempoolWhenItsReserveIsGoneUnderPressure() {
        Machine m = machine(MemoryPressure.hard());
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        int[] calls = {0};
        long[] ninthAllocated = {-1};
        Task t = run(m, "T1", (task, pc) -> {
            if (pc == 9) {
                ninthAllocated[0] = m.kernel.sim.now();
                return END;
            }
            return kc.copy(task, new Region(m.device("sda"), pc * 8L, 8), List.of(new Region(m.device("sdb"),
                    pc * 8L, 8)), (w, re, we) -> {
                        calls[0]++;
                        return null;
                    });
        });
        m.kernel.sim.step();
        m.kernel.sim.step();
        assertThat(t.isBlocked()).isTrue();
        assertThat(t.waitFunction()).isEqualTo("mempool_alloc");
        assertThat(t.waitingOn().describe()).isEqualTo("mempool kcopyd job_pool of t");
        drain(m);
        assertThat(calls[0]).isEqualTo(9);
        assertThat(ninthAllocated[0]).as("the 9th job waited for the first to complete").isGreaterThanOrEqualTo(2 * MS);
    }

    @Test
    void callbacksRunOneAtATimeOnTheWorkerEvenWhenOneSleeps() {
        Machine m = machine(MemoryPressure.none());
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, KcopydThrottle.unlimited(),
                null);
        List<String> order = new ArrayList<>();
        KcopydJob[] second = {kc.callbackJob((w, re, we) -> {
            order.add("second " + we + " @" + m.kernel.sim.now() / MS);
            return null;
        })};
        run(m, "T1", (t, pc) -> switch (pc) {
            case 0 -> kc.copy(t, new Region(m.device("sda"), 0, 8), List.of(new Region(m.device("sdb"), 0, 8)),
                    (w, re, we) -> new Frame() { // a callback that sleeps 5 ms
                        @Override
                        public Step step(Task task) {
                            if (pc++ == 0) {
                                order.add("first starts @" + m.kernel.sim.now() / MS);
                                return task.consumeCpu(5 * MS);
                            }
                            order.add("first ends @" + m.kernel.sim.now() / MS);
                            return RETURN;
                        }

                        @Override
                        public String function() {
                            return "slow callback";
                        }
                    });
            case 1 -> kc.prepareCallback(t, second[0]);
            case 2 -> {
                m.kernel.sim.after(2 * MS, () -> kc.doCallback(second[0], false, 1));
                yield END;
            }
            default -> END;
        });
        drain(m);
        assertThat(order).containsExactly("first starts @2", "first ends @7", "second 1 @7");
    }

    @Test
    void aThrottleBelowOneHundredPercentSleepsTheWorker() {
        Machine m = machine(MemoryPressure.none());
        KcopydClient kc = new KcopydClient(m.layer, "t", KcopydClient.SUB_JOB_SECTORS_V4, new KcopydThrottle(10),
                null);
        long[] end = {0};
        run(m, "T1", (t, pc) -> pc < 20 ? kc.copy(t, new Region(m.device("sda"), pc * 8L, 8),
                List.of(new Region(m.device("sdb"), pc * 8L, 8)), (w, re, we) -> {
                    end[0] = m.kernel.sim.now();
                    return null;
                }) : END);
        drain(m);
        assertThat(kc.stats().throttleSleeps()).isPositive();
        assertThat(end[0]).isGreaterThanOrEqualTo(KcopydThrottle.SLEEP_NS);
    }
}
