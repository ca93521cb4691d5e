package dev.dmreplay.replay.detect;

/**
 * The outcome vocabulary of docs/kernel-model.md §8.1, plus INCOMPLETE for runs that end before every bio did.
 * {@link #severity()} orders them for schedule exploration, where a cell reports the worst outcome any schedule
 * reached.
 */
public enum Outcome {
    /** Everything completed and progress never paused for longer than the stall threshold. */
    FINE(0),
    /**
     * Everything completed, but at some point no progress event (a bio completing, an allocation succeeding, a
     * lock taken, a task woken) happened for longer than the stall threshold while work was outstanding.
     */
    STALL(1),
    /** A wait-for cycle that no timer or device completion can break, independent of memory. */
    DEADLOCK(4),
    /** Blocked for good while slab allocations keep failing; would resolve if memory pressure lifted. */
    MEMORY_DEADLOCK(3),
    /**
     * The run ended (its time limit) with top-level bios still unfinished: neither FINE nor STALL can be said.
     */
    INCOMPLETE(2);

    private final int severity;

    Outcome(int severity) {
        this.severity = severity;
    }

    /** FINE 0, STALL 1, INCOMPLETE 2, MEMORY_DEADLOCK 3, DEADLOCK 4 (a deadlock without memory is the worse). */
    public int severity() {
        return severity;
    }

    public boolean isDeadlock() {
        return this == DEADLOCK || this == MEMORY_DEADLOCK;
    }

    /** The worse of two outcomes. */
    public static Outcome worst(Outcome a, Outcome b) {
        return a == null ? b : b == null ? a : b.severity > a.severity ? b : a;
    }
}
