package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.util.LongLongMap;

/**
 * Counts the event records lost in the damaged stretches of one blktrace file from the sequence numbers around
 * them. {@code __blk_add_trace()} (kernel/trace/blktrace.c) stamps each event record with a per-CPU counter
 * incremented before use, so a CPU's events are numbered 1, 2, 3, ... without gaps unless the relay buffer
 * overflowed; {@code trace_note()} leaves the field 0, so notes are not counted. After a stretch, the first event
 * of a CPU seen before it tells how many of that CPU's events the stretch held; a CPU first seen after a stretch
 * that began before any event is counted from 0. The count is capped at one record per 48 bytes of the stretches
 * it covers, so a gap left by the kernel's own drops or a damaged sequence field cannot inflate it. What the
 * counted events do not explain is bounded instead, at one record per 48 bytes: the bytes of a stretch beyond its
 * counted events (notes, or junk), and a stretch no event follows (the rest of the file).
 *
 * <p>{@link #event} runs for every event record read, so the per-CPU tables are primitive maps (no boxed
 * {@code Long} per record) and an undamaged stream only stores the sequence.
 */
final class LostRecords {
    /** {@code sizeof(struct blk_io_trace)}: no record is shorter. */
    private static final int SMALLEST_RECORD = RecordReader.HEADER;

    /** Per CPU, the last sequence seen (sequences are u32, so every value is at least 0). */
    private final LongLongMap lastSequence = new LongLongMap(4);
    /** Per CPU, the last sequence before the first stretch not yet resolved for it. */
    private final LongLongMap pending = new LongLongMap(4);
    /**
     * The CPU of the last event and its slot in {@link #lastSequence}: a per-CPU file holds one CPU's events, so
     * nearly every event updates the same slot. Keys are never removed from {@link #lastSequence}, so the slot
     * only moves when a new CPU is added (and the table may grow), which re-reads it.
     */
    private int lastCpu;
    private int lastSlot = -1;
    /** Whether a stretch came before any event (CPUs not yet seen count from 0). */
    private boolean damagedBeforeAnyEvent;
    private long unresolvedBytes;
    /** Events counted since the unresolved stretches began. */
    private long unresolvedCounted;
    private long stretches;
    private long bytes;
    private long counted;
    private long bounded;

    /** An event record of {@code cpu} with {@code sequence}, read after whatever damage came before. */
    void event(int cpu, int sequence) {
        long seq = Integer.toUnsignedLong(sequence);
        if (!pending.isEmpty() || damagedBeforeAnyEvent) {
            resolve(cpu, seq);
        }
        if (lastSlot != -1 && cpu == lastCpu) {
            lastSequence.setValueAt(lastSlot, seq);
        } else {
            lastSequence.put(cpu, seq);
            lastCpu = cpu;
            lastSlot = lastSequence.find(cpu);
        }
    }

    /** The first event of {@code cpu} after unresolved damage: counts what the stretches held of its events. */
    private void resolve(int cpu, long seq) {
        long before = -1;
        int slot = pending.find(cpu);
        if (slot != -1) {
            before = pending.valueAt(slot);
            pending.removeAt(slot);
        } else if (damagedBeforeAnyEvent && !lastSequence.containsKey(cpu)) {
            before = 0;
        }
        if (before >= 0) {
            long gap = seq - before - 1;
            long cap = (unresolvedBytes + SMALLEST_RECORD - 1) / SMALLEST_RECORD;
            long lost = Math.max(0, Math.min(gap, cap));
            counted += lost;
            unresolvedCounted += lost;
            if (pending.isEmpty()) {
                bounded += Math.max(0, unresolvedBytes - unresolvedCounted * SMALLEST_RECORD) / SMALLEST_RECORD;
                unresolvedBytes = 0;
                unresolvedCounted = 0;
                damagedBeforeAnyEvent = false;
            }
        }
    }

    /** A damaged stretch was skipped. */
    void damaged(DamagedStretch s) {
        stretches++;
        if (s.bytes() > 0) {
            bytes += s.bytes();
        }
        if (s.toEnd()) {
            bounded += Math.max(0, s.bytes()) / SMALLEST_RECORD;
            return;
        }
        if (lastSequence.isEmpty()) {
            damagedBeforeAnyEvent = true;
        }
        lastSequence.forEach(pending::putIfAbsent);
        unresolvedBytes += s.bytes();
    }

    long stretches() {
        return stretches;
    }

    long bytes() {
        return bytes;
    }

    /** Records counted exactly from sequence numbers. */
    long counted() {
        return counted;
    }

    /** Upper bound on the records the sequence numbers cannot account for (notes, file tails, junk). */
    long atMost() {
        long open = pending.isEmpty() && !damagedBeforeAnyEvent ? 0
                : Math.max(0, unresolvedBytes - unresolvedCounted * SMALLEST_RECORD) / SMALLEST_RECORD;
        return bounded + open;
    }
}
