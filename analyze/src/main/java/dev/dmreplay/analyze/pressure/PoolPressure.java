package dev.dmreplay.analyze.pressure;

import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per mempool (biosets are named after their bio pool): allocations, reserve left over time and its low-water
 * mark, time with an empty reserve, non-blocking failures, {@code mempool_alloc} sleeps and their 5-second
 * re-polls, and elements in use.
 *
 * <p>Runs that observe frees (FREE, one per {@code mempool_free}) give exact occupancy: elements in use =
 * ALLOCs - FREEs, and the reserve left is the value every ALLOC, ALLOC_FAIL and FREE carries, so an empty reserve
 * lasts exactly until the FREE that refills it. Older run directories have no FREE observations; for them (and
 * only when no FREE was seen in the whole stream) occupancy is approximated: an empty reserve is taken to last
 * from the allocation, failure or sleep that found it empty until the next allocation that leaves something in it,
 * and an element is taken to be in use until the bio holding it completes (its own COMPLETE, the completion of
 * all clones made from it, or the completion of the top-level bio the allocating task was working on: that
 * bounds elements freed without a trace, such as the partial set {@code alloc_multiple_bios} gives back).
 * {@link #exact()} and {@link PoolReport#exactOccupancy()} say which one a report used.
 * The {@link BioFamily} passed in must see every observation before this listener.
 */
public final class PoolPressure implements ObservationListener, BioFamily.Events {

    private final long bucketNs;
    private final Map<String, PoolState> pools = new TreeMap<>();
    private final Map<Long, List<PoolState>> held = new HashMap<>();
    private final Map<String, Long> sleepingSince = new HashMap<>();
    private final BioFamily family;
    /** The top-level bio each task is working on (SUBMIT, or the tree of the bio it RESCUEs). */
    private final Map<String, Long> working = new HashMap<>();
    /** Elements' holder bios by the top-level bio they were allocated for. */
    private final Map<Long, List<Long>> byRoot = new HashMap<>();
    private long lastTime;
    /** Whether frees are observed (declared, or any FREE seen): then occupancy comes from ALLOC/FREE. */
    private boolean freesSeen;

    /** @param bucketNs width of the occupancy timeline buckets */
    public PoolPressure(BioFamily family, long bucketNs) {
        if (bucketNs <= 0) {
            throw new IllegalArgumentException("bucket width must be positive");
        }
        this.bucketNs = bucketNs;
        this.family = family;
        family.addListener(this);
    }

    private PoolState pool(String name) {
        return pools.computeIfAbsent(name, n -> new PoolState(n, bucketNs));
    }

    @Override
    public void on(Observation o) {
        lastTime = o.time();
        switch (o.kind()) {
            case ALLOC -> {
                PoolState p = pool(o.pool().name());
                p.alloc(o.time(), o.value());
                if (o.bio() != 0 && !freesSeen) {
                    held.computeIfAbsent(o.bio(), b -> new ArrayList<>(2)).add(p);
                    Long root = o.task() == null ? null : working.get(o.task());
                    if (root != null && family.known(root)) {
                        byRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(o.bio());
                    }
                }
            }
            case FREE -> {
                if (!freesSeen) {
                    freesObserved(); // exact from here on: drop the lifetime bookkeeping of the approximation
                }
                pool(o.pool().name()).freed(o.time(), o.value());
            }
            case ALLOC_FAIL -> pool(o.pool().name()).fail(o.time(), o.value(), o.alloc());
            case WAIT_BEGIN -> {
                String pool = poolOf(o);
                if (pool != null) {
                    pool(pool).sleepBegin(o.task(), o.time());
                    sleepingSince.put(o.task(), o.time());
                }
            }
            case WAIT_END -> {
                String pool = poolOf(o);
                if (pool != null) {
                    sleepingSince.remove(o.task());
                    pool(pool).sleepEnd(o.task(), o.value());
                }
            }
            case TIMEOUT -> {
                String pool = poolOf(o);
                if (pool != null) {
                    pool(pool).timeouts++;
                }
            }
            case COMPLETE -> release(o.bio(), o.time());
            case SUBMIT -> {
                if (o.task() != null) {
                    working.put(o.task(), o.bio());
                }
            }
            case RESCUE -> {
                if (o.task() != null && family.known(o.bio())) {
                    working.put(o.task(), family.root(o.bio()));
                }
            }
            default -> {
            }
        }
    }

    /** The pool a wait was on, or null for a wait on something else (a lock, a queue). */
    private static String poolOf(Observation o) {
        return o.pool() == null ? null : o.pool().name();
    }

    private void release(long bio, long time) {
        if (freesSeen) {
            return;
        }
        List<PoolState> l = held.remove(bio);
        if (l != null) {
            for (PoolState p : l) {
                p.free(time);
            }
        }
    }

    @Override
    public void cloneBorn(long root, long clone, long time) {
    }

    @Override
    public void cloneDied(long root, long clone, long time) {
    }

    @Override
    public void bioDone(long root, long bio, long time) {
        release(bio, time);
    }

    @Override
    public void rootDone(long root, List<Long> members, long time) {
        for (long m : members) {
            release(m, time);
        }
        release(root, time);
        List<Long> l = byRoot.remove(root);
        if (l != null) {
            for (long b : l) {
                release(b, time);
            }
        }
    }

    /** The per-pool results, by pool name; sleeps still in progress are counted up to {@code endNs}. */
    public List<PoolReport> reports(long endNs) {
        List<PoolReport> out = new ArrayList<>();
        long end = Math.max(endNs, lastTime);
        for (PoolState p : pools.values()) {
            out.add(p.report(end, freesSeen));
        }
        return out;
    }

    /**
     * Declares that the stream comes from a producer that emits FREE (a live replay, or an observation file whose
     * footer says so): occupancy is exact even if nothing is ever freed (a run that deadlocks early).
     */
    public void freesObserved() {
        freesSeen = true;
        held.clear();
        byRoot.clear();
    }

    /** Whether occupancy is exact (FREE observations seen) rather than approximated from bio lifetimes. */
    public boolean exact() {
        return freesSeen;
    }

    /** Tasks asleep in mempool_alloc right now (for a deadlock report). */
    public int sleepersNow() {
        return sleepingSince.size();
    }

    /** Mutable state of one pool. */
    static final class PoolState {
        final String name;
        final long bucketNs;
        long allocations;
        long reserveLow = Long.MAX_VALUE;
        long reserveHigh = -1;
        long reserve = -1;
        long emptySince = -1;
        long emptyNs;
        long emptyEpisodes;
        long failures;
        long nowaitFailures;
        long timeouts;
        /** Approximation: elements held by bios not yet completed. */
        long inUse;
        long peakInUse;
        /** Exact: ALLOCs - FREEs. */
        long live;
        long peakLive;
        final Distribution sleeps = new Distribution();
        long sleepsBegun;
        /** Tasks asleep on this pool now, with the time they went to sleep. */
        final Map<String, Long> asleep = new HashMap<>();
        final TreeMap<Long, Bucket> timeline = new TreeMap<>();

        PoolState(String name, long bucketNs) {
            this.name = name;
            this.bucketNs = bucketNs;
        }

        Bucket bucket(long time) {
            Bucket b = timeline.computeIfAbsent(time / bucketNs, k -> new Bucket());
            b.firstEventNs = Math.min(b.firstEventNs, time);
            return b;
        }

        /** Records the state after an event in its bucket: what the following buckets without events carry on. */
        void settle(long time) {
            Bucket b = bucket(time);
            b.reserveEnd = reserve;
            b.liveEnd = live;
            b.inUseEnd = inUse;
            b.liveMax = Math.max(b.liveMax, live);
            b.inUseMax = Math.max(b.inUseMax, inUse);
        }

        void reserveSeen(long time, long left) {
            reserve = left;
            reserveLow = Math.min(reserveLow, left);
            reserveHigh = Math.max(reserveHigh, left);
            Bucket b = bucket(time);
            b.reserveMin = Math.min(b.reserveMin, left);
            if (left == 0) {
                empty(time);
            } else if (emptySince >= 0) {
                emptyNs += time - emptySince;
                emptySince = -1;
            }
        }

        void empty(long time) {
            if (emptySince < 0) {
                emptySince = time;
                emptyEpisodes++;
            }
        }

        void alloc(long time, long left) {
            allocations++;
            inUse++;
            peakInUse = Math.max(peakInUse, inUse);
            Bucket b = bucket(time);
            b.allocations++;
            b.inUseMax = Math.max(b.inUseMax, inUse);
            live++;
            peakLive = Math.max(peakLive, live);
            b.liveMax = Math.max(b.liveMax, live);
            reserveSeen(time, left);
            settle(time);
        }

        void freed(long time, long left) {
            Bucket b = bucket(time);
            b.liveMax = Math.max(b.liveMax, live);
            live--;
            reserveSeen(time, left);
            settle(time);
        }

        void fail(long time, long left, AllocMode mode) {
            if (mode == AllocMode.NOWAIT_PROBE) {
                nowaitFailures++;
            } else {
                failures++;
            }
            bucket(time).failures++;
            reserveSeen(time, Math.max(0, left));
            settle(time);
        }

        void sleepBegin(String task, long time) {
            asleep.putIfAbsent(task == null ? "" : task, time);
            sleepsBegun++;
            Bucket b = bucket(time);
            b.sleeps++;
            // a task only sleeps in mempool_alloc once the reserve is empty: the bucket saw it empty
            b.reserveMin = 0;
            reserveLow = Math.min(reserveLow, 0);
            reserve = 0;
            empty(time);
            settle(time);
        }

        void sleepEnd(String task, long ns) {
            asleep.remove(task == null ? "" : task);
            sleeps.record(ns);
        }

        void free(long time) {
            if (inUse > 0) {
                inUse--;
            }
            settle(time);
        }

        PoolReport report(long end, boolean exact) {
            long empty = emptyNs + (emptySince >= 0 ? end - emptySince : 0);
            return new PoolReport(name, allocations, reserveHigh, reserveLow == Long.MAX_VALUE ? -1 : reserveLow,
                    reserve, empty, emptyEpisodes, failures, nowaitFailures, sleepsBegun, sleeps.summary(),
                    longestSleep(end), asleep.size(), timeouts,
                    exact ? peakLive : peakInUse, exact ? live : inUse, exact, samples(end, exact));
        }

        /** The longest sleep: a sleep still in progress at the end counts until the end (a stuck run's sleepers). */
        private long longestSleep(long end) {
            long longest = sleeps.summary().max();
            for (long since : asleep.values()) {
                longest = Math.max(longest, end - since);
            }
            return longest;
        }

        /**
         * Occupancy is a state, not an event count: every bucket from the pool's first event to the end of the run
         * gets one, a bucket without events holding what the previous one ended with (16 elements held by sleepers
         * stay 16 until the run ends), and a bucket with events starting from that state. The reserve is only
         * unknown (-1) in buckets before the first event that showed it, which do not exist: the first bucket has
         * that event.
         */
        private List<PoolReport.Sample> samples(long end, boolean exact) {
            List<PoolReport.Sample> samples = new ArrayList<>();
            if (timeline.isEmpty()) {
                return samples;
            }
            long first = timeline.firstKey();
            long last = Math.max(timeline.lastKey(), end / bucketNs);
            long reserveCarry = -1;
            long heldCarry = 0;
            for (long k = first; k <= last; k++) {
                Bucket b = timeline.get(k);
                if (b == null) {
                    samples.add(new PoolReport.Sample(k * bucketNs, reserveCarry, heldCarry, 0, 0, 0));
                    continue;
                }
                // the state carried in holds until the bucket's first event (not at all if that is at its start)
                boolean carried = b.firstEventNs > k * bucketNs;
                long reserveMin = b.reserveMin == Long.MAX_VALUE || (carried && reserveCarry >= 0 && reserveCarry < b.reserveMin)
                        ? reserveCarry : b.reserveMin;
                long heldMax = Math.max(carried ? heldCarry : 0, exact ? b.liveMax : b.inUseMax);
                samples.add(new PoolReport.Sample(k * bucketNs, reserveMin, heldMax, b.allocations, b.failures,
                        b.sleeps));
                if (b.reserveEnd >= 0) {
                    reserveCarry = b.reserveEnd;
                }
                heldCarry = exact ? b.liveEnd : b.inUseEnd;
            }
            return samples;
        }
    }

    /** One timeline bucket. */
    static final class Bucket {
        long reserveMin = Long.MAX_VALUE;
        long inUseMax;
        long liveMax;
        long allocations;
        long failures;
        long sleeps;
        /** The state after the bucket's last event (-1: the reserve was not known yet). */
        long reserveEnd = -1;
        long firstEventNs = Long.MAX_VALUE;
        long liveEnd;
        long inUseEnd;
    }
}
