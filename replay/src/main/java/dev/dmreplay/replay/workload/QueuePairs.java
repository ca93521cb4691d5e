package dev.dmreplay.replay.workload;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs each bio's {@code Q} on a target's device with the later record that shows its worker acting on it (a
 * mirror write's first leg write, a crypt write's clone remap), oldest {@code Q} first per (device, sector), and
 * keeps the pairs as (Q time, record time) per device and sector, flattened in Q order. Bounded: at most
 * {@code maxOpen} bios wait for their record and {@code maxPairs} pairs are kept in all.
 */
final class QueuePairs {
    private final int maxOpen;
    private final long maxPairs;
    /** Per device: Q times not yet paired, by sector, oldest first. */
    private final Map<Integer, Map<Long, ArrayDeque<Long>>> open = new HashMap<>();
    private int openCount;
    /** Per device: by sector, (Q, record) pairs flattened, in Q order. */
    private final Map<Integer, Map<Long, long[]>> pairs = new HashMap<>();
    private long pairCount;

    QueuePairs(int maxOpen, long maxPairs) {
        this.maxOpen = maxOpen;
        this.maxPairs = maxPairs;
    }

    /** A bio queued at {@code sector} of {@code device} at {@code time}. */
    void queued(int device, long sector, long time) {
        if (openCount < maxOpen) {
            openCount++;
            open.computeIfAbsent(device, d -> new HashMap<>()).computeIfAbsent(sector, s -> new ArrayDeque<>())
                    .add(time);
        }
    }

    /**
     * The record at {@code time} of the oldest bio still open at {@code sector} of {@code device}: kept under
     * {@code pairSector}. Returns false when no bio is open there.
     */
    boolean pair(int device, long sector, long pairSector, long time) {
        return pair(device, sector, pairSector, q -> time);
    }

    /**
     * As {@link #pair(int, long, long, long)}, with the recorded time a function of the bio's {@code Q} time (the
     * record says when the worker acted, the {@code Q} when its run must have begun at the earliest).
     */
    boolean pair(int device, long sector, long pairSector, java.util.function.LongUnaryOperator timeOfQ) {
        Map<Long, ArrayDeque<Long>> bySector = open.get(device);
        ArrayDeque<Long> waiting = bySector == null ? null : bySector.get(sector);
        if (waiting == null || waiting.isEmpty()) {
            return false;
        }
        long q = waiting.poll();
        openCount--;
        if (waiting.isEmpty()) {
            bySector.remove(sector);
        }
        if (pairCount < maxPairs) {
            pairCount++;
            pairs.computeIfAbsent(device, d -> new HashMap<>())
                    .merge(pairSector, new long[] {q, timeOfQ.applyAsLong(q)}, TimeLists::append);
        }
        return true;
    }

    /**
     * Forgets the oldest bio open at {@code sector} of {@code device}: a record showed it taken another way (a read
     * the target remapped itself instead of queueing it for its worker). Returns false when none was open.
     */
    boolean drop(int device, long sector) {
        Map<Long, ArrayDeque<Long>> bySector = open.get(device);
        ArrayDeque<Long> waiting = bySector == null ? null : bySector.get(sector);
        if (waiting == null || waiting.isEmpty()) {
            return false;
        }
        waiting.poll();
        openCount--;
        if (waiting.isEmpty()) {
            bySector.remove(sector);
        }
        return true;
    }

    /** The pairs of {@code device}, by sector; empty if none. */
    Map<Long, long[]> pairs(int device) {
        return pairs.getOrDefault(device, Map.of());
    }
}
