package dev.dmreplay.replay.block;

import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.FreeTo;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.observe.PoolRef;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Resource;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mempool_t} with the exact reserve semantics of mm/mempool.c (v4.3–v4.16, unchanged in substance since):
 * an allocation tries the underlying allocator without reclaim, then the reserve, then the allocator with
 * reclaim (if the mask allows), then sleeps in {@code io_schedule_timeout(5*HZ)} and starts over; without
 * {@code __GFP_DIRECT_RECLAIM} it returns NULL instead of sleeping. {@code mempool_free} refills the reserve
 * first (and only then wakes sleepers); with a full reserve the element goes back to the slab.
 *
 * <p>Elements are identity-less for capacity; the pool tracks who holds each one ({@link PoolElement}).
 */
public final class Mempool implements Resource {
    /** The {@code io_schedule_timeout(5*HZ)} in {@code mempool_alloc}. */
    public static final long SLEEP_TIMEOUT_NS = 5_000_000_000L;
    private final Kernel kernel;
    public final String name;
    /** How observations name this pool. */
    public final PoolRef ref;
    private final int minNr;
    private final int slot;
    private int reserve;
    private final WaitQueue wait;
    /** {@link FirstRound#RECLAIM_RETRY}: the first round retries the allocator with reclaim before sleeping. */
    private final boolean retriesWithReclaimFirst;
    private PoolElement head;
    private PoolElement tail;
    private int outstanding;

    // statistics
    private int peakOutstanding;
    private int reserveLowWater;
    private long allocations;
    private long nonBlockingFailures;
    private long sleeps;
    private long sleepNanos;
    /** Wake-ups (timeouts or lost races) after which the pool was still empty. */
    private long timeouts;

    /**
     * {@code mempool_create(min_nr, ...)}; {@code slot} 0 for the pool of the objects themselves, 1 for a bvec
     * pool (so a bio can hold one element of each).
     */
    public Mempool(Kernel kernel, String name, PoolKind kind, int minNr, int slot) {
        this.kernel = kernel;
        this.name = name;
        this.ref = new PoolRef(name, kind);
        this.minNr = minNr;
        this.reserve = minNr;
        this.reserveLowWater = minNr;
        this.slot = slot;
        this.wait = new WaitQueue("mempool " + name, this::holders, ref);
        this.retriesWithReclaimFirst = kernel.globalIfSet(FirstRound.class) != FirstRound.SLEEP_FIRST;
    }

    /**
     * The first round of {@code mempool_alloc()} (docs/kernel-model.md §3.1, §3.2), a machine-wide era (knob
     * {@code mempoolAlloc}, set with {@link Kernel#setGlobal}). {@code SLEEP_FIRST}: before Tejun Heo's 2012 "fix
     * first round failure behavior" the allocator is tried without reclaim, then the reserve, then the caller
     * sleeps; its full mask is used from the second round. {@code RECLAIM_RETRY}: every kernel since retries the
     * allocator with the caller's full mask before the first sleep. A kernel without the setting behaves as since.
     */
    public enum FirstRound { SLEEP_FIRST, RECLAIM_RETRY }

    public int minNr() {
        return minNr;
    }

    public int reserveLeft() {
        return reserve;
    }

    public int outstanding() {
        return outstanding;
    }

    /**
     * The part of {@code mempool_alloc()} before the first sleep: slab without reclaim, reserve, slab with reclaim.
     * Returns what the caller does next: {@link Attempt#GOT} (call {@link #attach}), {@link Attempt#NULL} (the mask
     * forbids sleeping) or {@link Attempt#MUST_SLEEP} (push {@link #allocFrame}).
     */
    public Attempt tryAlloc(int gfp, String task) {
        return tryAlloc(gfp, false, task);
    }

    /**
     * As {@link #tryAlloc(int, String)}; {@code masked} says the caller masked {@code __GFP_DIRECT_RECLAIM} off its
     * own mask ({@code bio_alloc_bioset} with bios queued and a rescuer), which the failure observation records.
     */
    public Attempt tryAlloc(int gfp, boolean masked, String task) {
        if (kernel.pressure.slabSucceeds(kernel.sim.now(), false)) {
            return Attempt.GOT;
        }
        if (reserve > 0) {
            reserve--;
            if (reserve < reserveLowWater) {
                reserveLowWater = reserve;
            }
            return Attempt.GOT;
        }
        // since the 2012 first-round fix the allocator is retried at once with the caller's mask; before it the
        // caller went to sleep and used its full mask only from the second round (docs/kernel-model.md §3.2)
        if ((gfp & Gfp.RECLAIM) != 0 && retriesWithReclaimFirst
                && kernel.pressure.slabSucceeds(kernel.sim.now(), true)) {
            return Attempt.GOT;
        }
        if ((gfp & Gfp.RECLAIM) == 0) {
            nonBlockingFailures++;
            kernel.observeAllocFail(task, ref, reserve, masked ? AllocMode.MASKED : AllocMode.NOWAIT);
            return Attempt.NULL;
        }
        return Attempt.MUST_SLEEP;
    }

    /**
     * Whether a non-blocking attempt ({@code GFP_NOWAIT}) would fail now: slab without reclaim fails and the
     * reserve is empty. Counts as a non-blocking failure when it does.
     */
    public boolean failsWithoutSleeping(String task) {
        if (reserve > 0 || kernel.pressure.slabSucceeds(kernel.sim.now(), false)) {
            return false;
        }
        nonBlockingFailures++;
        kernel.observeAllocFail(task, ref, 0, AllocMode.NOWAIT_PROBE);
        return true;
    }

    /** The outcome of the part of {@code mempool_alloc()} that does not sleep. */
    public enum Attempt {
        /** An element came from the slab or the reserve. */
        GOT,
        /** No element and the mask has no {@code __GFP_DIRECT_RECLAIM}: {@code mempool_alloc} returns NULL. */
        NULL,
        /** No element; the caller sleeps in {@code io_schedule_timeout} and retries ({@link #allocFrame}). */
        MUST_SLEEP
    }

    /** The sleeping remainder of {@code mempool_alloc()}: when the frame returns, the caller holds an element. */
    public Frame allocFrame() {
        return new AllocSleep();
    }

    private final class AllocSleep extends Frame {
        /** mempool_alloc(), v4.3–v6.1: under {@code pool->lock} after the failed attempt; {@code prepare_to_wait}. */
        private static final int PREPARE_TO_WAIT = 0;
        /** mempool_alloc(), v4.3–v6.1: {@code io_schedule_timeout(5*HZ)} returned; {@code goto repeat_alloc}. */
        private static final int WOKEN = 1;

        /**
         * mm/mempool.c (v3.x-v6.1): the failed attempt, {@code prepare_to_wait(&pool->wait, ...)} and the unlock all
         * happen under {@code spin_lock_irqsave(&pool->lock)}, so a free cannot slip in unseen before the sleep.
         */
        @Override
        public boolean preemptibleEntry() {
            return false;
        }

        @Override
        public Step step(Task t) {
            if (pc == PREPARE_TO_WAIT && reserve > 0) {
                // the reserve check and prepare_to_wait() are one pool->lock section: an element freed since the
                // caller's failed attempt (possible only when exploration preempted the caller) is taken, not slept on
                reserve--;
                if (reserve < reserveLowWater) {
                    reserveLowWater = reserve;
                }
                return RETURN;
            }
            while (true) {
                if (pc == WOKEN) {
                    wait.finishWait(t);
                    sleepNanos += kernel.sim.now() - t.waitSince();
                    // after the first sleep gfp_temp == gfp: slab with reclaim first, then the reserve
                    if (kernel.pressure.slabSucceeds(kernel.sim.now(), true)) {
                        return RETURN;
                    }
                    if (reserve > 0) {
                        reserve--;
                        if (reserve < reserveLowWater) {
                            reserveLowWater = reserve;
                        }
                        return RETURN;
                    }
                    timeouts++;
                }
                pc = WOKEN;
                sleeps++;
                return wait.sleepTimeout(t, "mempool_alloc", SLEEP_TIMEOUT_NS);
            }
        }

        @Override
        public String function() {
            return "mempool_alloc(" + name + ")";
        }
    }

    /** Records that {@code e} now holds an element of this pool. */
    public void attach(PoolElement e, String task, long bioId) {
        if (slot == 0) {
            e.pool0 = this;
            e.holder0 = bioId;
            e.prev0 = tail;
            e.next0 = null;
            if (tail == null) {
                head = e;
            } else {
                tail.next0 = e;
            }
        } else {
            e.pool1 = this;
            e.holder1 = bioId;
            e.prev1 = tail;
            e.next1 = null;
            if (tail == null) {
                head = e;
            } else {
                tail.next1 = e;
            }
        }
        tail = e;
        allocations++;
        kernel.progress();
        if (++outstanding > peakOutstanding) {
            peakOutstanding = outstanding;
        }
        kernel.observeAlloc(task, ref, bioId, reserve);
    }

    /**
     * {@code mempool_free()}: refill the reserve first (waking sleepers), else back to the slab. Emits FREE with the
     * reserve left afterwards and where the element went ({@link FreeTo}).
     */
    public void free(PoolElement e) {
        PoolElement p;
        PoolElement n;
        long holder;
        if (slot == 0) {
            if (e.pool0 != this) {
                throw new IllegalStateException(e.label() + " does not hold an element of " + name);
            }
            p = e.prev0;
            n = e.next0;
            if (p == null) {
                head = n;
            } else {
                p.next0 = n;
            }
            if (n == null) {
                tail = p;
            } else {
                n.prev0 = p;
            }
            e.prev0 = e.next0 = null;
            e.pool0 = null;
            holder = e.holder0;
        } else {
            if (e.pool1 != this) {
                throw new IllegalStateException(e.label() + " does not hold a bvec element of " + name);
            }
            p = e.prev1;
            n = e.next1;
            if (p == null) {
                head = n;
            } else {
                p.next1 = n;
            }
            if (n == null) {
                tail = p;
            } else {
                n.prev1 = p;
            }
            e.prev1 = e.next1 = null;
            e.pool1 = null;
            holder = e.holder1;
        }
        outstanding--;
        if (reserve < minNr) {
            reserve++;
            kernel.observeFree(ref, holder, reserve, FreeTo.RESERVE);
            wait.wakeAll();
        } else {
            kernel.observeFree(ref, holder, reserve, FreeTo.SLAB);
        }
    }

    /** Holders in allocation order. */
    @Override
    public List<Object> holders() {
        List<Object> l = new ArrayList<>();
        for (PoolElement e = head; e != null; e = slot == 0 ? e.next0 : e.next1) {
            l.add(e);
        }
        return l;
    }

    @Override
    public String describe() {
        return "mempool " + name;
    }

    @Override
    public boolean isMemory() {
        return true;
    }

    public int waiters() {
        return wait.waiters();
    }

    public MempoolStats stats() {
        return new MempoolStats(name, minNr, allocations, peakOutstanding, reserveLowWater, nonBlockingFailures, sleeps,
                sleepNanos, timeouts, outstanding);
    }

    /** Per-pool statistics for summaries. */
    public record MempoolStats(String pool, int minNr, long allocations, int peakInUse, int reserveLowWater,
                               long nonBlockingFailures, long sleeps, long sleepNanos, long fruitlessWakeups,
                               int inUseAtEnd) {
    }
}
