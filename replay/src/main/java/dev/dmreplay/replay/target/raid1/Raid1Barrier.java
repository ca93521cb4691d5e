package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * md raid1's resync barrier, in two generations:
 * <ul>
 *   <li>{@link Knobs.Raid1Barrier#GLOBAL}: {@code raise_barrier}/{@code lower_barrier}/{@code wait_barrier}/
 *       {@code allow_barrier} of drivers/md/raid1.c v3.5–v3.12 — one {@code barrier} count, {@code nr_pending},
 *       {@code nr_waiting}; every normal request (read or write) waits while a barrier is up. With
 *       {@code mdResyncFix} (d6b42dcb995e) {@code wait_barrier} lets a request through when requests are pending
 *       and the caller's {@code current->bio_list} is not empty (the 4.11 form checks both lists).</li>
 *   <li>{@link Knobs.Raid1Barrier#BUCKETS}: v4.12+ (fd76863e37fe) per barrier-unit bucket (64 MiB):
 *       {@code _wait_barrier} for writes waits only while the bucket's barrier is up; {@code wait_read_barrier}
 *       never waits for resync (only for a frozen array, which the model never freezes). d6b42dcb995e's test is
 *       gone in this generation.</li>
 * </ul>
 * Departures: the kernel hashes the bucket index ({@code hash_long} into 1024 buckets); the model takes it modulo
 * 1024. {@code freeze_array} (error handling) is not modelled. The 3.13–4.11 "resync window" barrier is not modelled.
 * The wait queue {@code conf->wait_barrier} is split in three wake-all queues (one per condition waited on) so
 * that a wait-for chain can name what a sleeper waits for; every {@code wake_up(&conf->wait_barrier)} wakes all
 * three.
 */
final class Raid1Barrier {
    /** {@code RESYNC_DEPTH}. */
    static final int RESYNC_DEPTH = 32;
    /** {@code BARRIER_UNIT_SECTOR_BITS} (v4.12+): 64 MiB buckets. */
    static final int BARRIER_UNIT_SECTOR_BITS = 17;
    static final int BUCKETS_NR = 1024;

    private final Raid1Conf conf;
    final boolean buckets;
    private final boolean fix;
    // GLOBAL
    private int barrier;
    private int nrPending;
    private int nrWaiting;
    // BUCKETS
    private final int[] bBarrier = new int[BUCKETS_NR];
    private final int[] bPending = new int[BUCKETS_NR];
    private final int[] bWaiting = new int[BUCKETS_NR];

    private final List<Task> raising = new ArrayList<>();
    private final List<Task> waiting = new ArrayList<>();
    final WaitQueue barrierDrop;
    final WaitQueue pendingDrain;
    final WaitQueue waitingDrain;
    private long waits;

    Raid1Barrier(Raid1Conf conf, Knobs.Raid1Barrier mode, boolean fix) {
        this.conf = conf;
        this.buckets = mode == Knobs.Raid1Barrier.BUCKETS;
        this.fix = fix;
        this.barrierDrop = new WaitQueue("conf->barrier of " + conf.name + " (raised for resync)", this::barrierHolders);
        this.pendingDrain = new WaitQueue("conf->nr_pending of " + conf.name, this::pendingHolders);
        this.waitingDrain = new WaitQueue("conf->nr_waiting of " + conf.name, () -> new ArrayList<>(waiting));
    }

    static int idx(long sector) {
        return (int) ((sector >>> BARRIER_UNIT_SECTOR_BITS) % BUCKETS_NR);
    }

    /** Sectors from {@code sector} to the end of its barrier unit ({@code align_to_barrier_unit_end}). */
    static long toUnitEnd(long sector, long sectors) {
        long unit = 1L << BARRIER_UNIT_SECTOR_BITS;
        long len = ((sector / unit) + 1) * unit - sector;
        return Math.min(len, sectors);
    }

    private List<Object> barrierHolders() {
        List<Object> l = new ArrayList<>(raising);
        l.addAll(conf.syncInFlight());
        return l;
    }

    private List<Object> pendingHolders() {
        return new ArrayList<>(conf.normalInFlight());
    }

    long waits() {
        return waits;
    }

    /** {@code wake_up(&conf->wait_barrier)}. */
    void wakeUp() {
        barrierDrop.wakeAll();
        pendingDrain.wakeAll();
        waitingDrain.wakeAll();
    }

    /**
     * {@code wait_barrier()} (reads and writes in GLOBAL; writes in BUCKETS) or {@code wait_read_barrier()}
     * (reads in BUCKETS). Returns 0 when the request passed at once, else CALL after pushing the waiting frame.
     */
    Step waitBarrier(Task t, long sector, boolean read) {
        if (buckets) {
            int i = idx(sector);
            bPending[i]++;
            if (read || bBarrier[i] == 0) {
                return Step.RETURN;
            }
            // _wait_barrier: hand the pending count back while waiting, so raise_barrier can proceed
            bWaiting[i]++;
            bPending[i]--;
            wakeUp();
            return t.call(new Wait(t, "_wait_barrier", () -> bBarrier[i] == 0, () -> {
                bPending[i]++;
                bWaiting[i]--;
            }));
        }
        if (barrier == 0) {
            nrPending++;
            return Step.RETURN;
        }
        nrWaiting++;
        return t.call(new Wait(t, "wait_barrier",
                () -> barrier == 0 || (fix && nrPending > 0 && bioListNotEmpty(t)), () -> {
                    nrWaiting--;
                    nrPending++;
                }));
    }

    private static boolean bioListNotEmpty(Task t) {
        if (t.bioList == null) {
            return false;
        }
        for (BioList l : t.bioList) {
            if (!l.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** {@code allow_barrier()}: a normal request finished. */
    void allow(long sector) {
        if (buckets) {
            bPending[idx(sector)]--;
        } else {
            nrPending--;
        }
        wakeUp();
    }

    /** {@code raise_barrier()}: push the frame; on return the barrier is up for {@code sector}. */
    Step raise(Task t, long sector) {
        return t.call(new Raise(sector));
    }

    /** {@code lower_barrier()}: a resync window finished. */
    void lower(long sector) {
        if (buckets) {
            bBarrier[idx(sector)]--;
        } else {
            barrier--;
        }
        wakeUp();
    }

    /** {@code wait_event_lock_irq(conf->wait_barrier, cond, ...)} with the bookkeeping after it. */
    private final class Wait extends Frame {
        /** wait_barrier() v3.5 / _wait_barrier() v4.12+: {@code wait_event_lock_irq}'s first test, count the wait. */
        private static final int WAIT_EVENT = 0;
        /** Woken on {@code conf->wait_barrier} (v3.5 / v4.12+): {@code finish_wait}, test the condition again. */
        private static final int WOKEN = 1;

        private final Task task;
        private final String fn;
        private final BooleanSupplier cond;
        private final Runnable after;

        Wait(Task task, String fn, BooleanSupplier cond, Runnable after) {
            this.task = task;
            this.fn = fn;
            this.cond = cond;
            this.after = after;
        }

        @Override
        public Step step(Task t) {
            if (pc == WOKEN) {
                barrierDrop.finishWait(t);
            }
            if (cond.getAsBoolean()) {
                waiting.remove(task);
                after.run();
                return RETURN;
            }
            if (pc == WAIT_EVENT) {
                waits++;
                waiting.add(task);
            }
            pc = WOKEN;
            return barrierDrop.sleep(t, fn);
        }

        @Override
        public String function() {
            return fn + "(" + conf.name + ")";
        }
    }

    /** {@code raise_barrier()}: wait for no waiting I/O, raise, then wait for pending normal I/O to drain. */
    private final class Raise extends Frame {
        /** raise_barrier(), v3.5 / v4.12+: wait until no normal I/O waits ({@code nr_waiting}), first test. */
        private static final int WAIT_NO_WAITING = 0;
        /** raise_barrier(), v3.5 / v4.12+: woken while waiting for {@code nr_waiting} to drop to zero. */
        private static final int NO_WAITING_WOKEN = 1;
        /** raise_barrier(), v3.5 / v4.12+: barrier raised; wait for {@code nr_pending} to drain, first test. */
        private static final int WAIT_PENDING_DRAIN = 2;
        /** raise_barrier(), v3.5 / v4.12+: woken while waiting for {@code nr_pending} to drain. */
        private static final int PENDING_DRAIN_WOKEN = 3;

        private final long sector;

        Raise(long sector) {
            this.sector = sector;
        }

        @Override
        public Step step(Task t) {
            int i = idx(sector);
            while (true) {
                switch (pc) {
                    case WAIT_NO_WAITING, NO_WAITING_WOKEN -> {
                        if (pc == NO_WAITING_WOKEN) {
                            waitingDrain.finishWait(t);
                        }
                        if ((buckets ? bWaiting[i] : nrWaiting) != 0) {
                            pc = NO_WAITING_WOKEN;
                            return waitingDrain.sleep(t, "raise_barrier");
                        }
                        if (buckets) {
                            bBarrier[i]++;
                        } else {
                            barrier++;
                        }
                        raising.add(t);
                        pc = WAIT_PENDING_DRAIN;
                    }
                    case WAIT_PENDING_DRAIN, PENDING_DRAIN_WOKEN -> {
                        if (pc == PENDING_DRAIN_WOKEN) {
                            pendingDrain.finishWait(t);
                        }
                        boolean ok = buckets ? bPending[i] == 0 && bBarrier[i] < RESYNC_DEPTH
                                : nrPending == 0 && barrier < RESYNC_DEPTH;
                        if (!ok) {
                            pc = PENDING_DRAIN_WOKEN;
                            return pendingDrain.sleep(t, "raise_barrier");
                        }
                        raising.remove(t);
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "raise_barrier(" + conf.name + ")";
        }
    }
}
