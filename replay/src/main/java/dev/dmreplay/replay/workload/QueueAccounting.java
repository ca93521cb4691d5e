package dev.dmreplay.replay.workload;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where every {@code Q} record of a replayed trace went: handed to the model as a top-level bio, or skipped for
 * a named reason. {@code queues} = {@code delivered} + the sum of {@code skipped} once the trace is read.
 */
public final class QueueAccounting {
    /** Why a {@code Q} record was not submitted to the model. */
    public enum Skip {
        /** A clone the stack made (an {@code A} remap onto that device and sector came first): the model makes its own. */
        REMAPPED_CLONE("remapped clone (A before Q): the model makes its own"),
        /**
         * The remainder of a split queued again by the same task right after the split (kernels before v5.x
         * resubmit it through {@code generic_make_request}); v6.1 never queues it again.
         */
        SPLIT_REMAINDER("split remainder queued again"),
        /** A Q on a device that is not part of the modelled stack. */
        UNMODELLED_DEVICE("device not in the modelled stack"),
        /**
         * I/O the stack issued itself below its top devices (kcopyd copies, exception-store metadata, mirror legs,
         * held origin writes re-issued): the modelled targets issue their own.
         */
        STACK_OWN_IO("the stack's own I/O below the top devices: the modelled targets issue their own"),
        /** A Q on a traced device that {@code --map} did not place on the chosen stack. */
        NOT_PLACED("device not placed on the stack (--map)"),
        /** An application request outside {@code --window}. */
        OUTSIDE_WINDOW("outside the --window"),
        /** An application request that {@code --sample} left out. */
        NOT_SAMPLED("left out by --sample");

        public final String text;

        Skip(String text) {
            this.text = text;
        }
    }

    /** Counters in one array, so that a reader thread can hand over a copy per request: see {@link #COUNTERS}. */
    private static final int QUEUES = 0;
    private static final int DELIVERED = 1;
    private static final int SKIPPED = 2;
    /** Length of the counter array: Q records read, delivered, then one per {@link Skip} in declaration order. */
    static final int COUNTERS = SKIPPED + Skip.values().length;
    private static final Skip[] SKIPS = Skip.values();

    private final long[] counts = new long[COUNTERS];

    /** A Q record read. */
    void queue() {
        counts[QUEUES]++;
    }

    /** A Q record handed to the model. */
    void deliver() {
        counts[DELIVERED]++;
    }

    void skip(Skip why) {
        counts[SKIPPED + why.ordinal()]++;
    }

    /** {@code n} Q records skipped for {@code why} before they reached the workload (placement). */
    void skipUpstream(Skip why, long n) {
        if (n > 0) {
            counts[QUEUES] += n;
            counts[SKIPPED + why.ordinal()] += n;
        }
    }

    /** Copies the counters into {@code to} at {@code offset} ({@link #COUNTERS} longs). */
    void copyTo(long[] to, int offset) {
        System.arraycopy(counts, 0, to, offset, COUNTERS);
    }

    /** Sets the counters from {@code from} at {@code offset}, as {@link #copyTo} wrote them. */
    void copyFrom(long[] from, int offset) {
        System.arraycopy(from, offset, counts, 0, COUNTERS);
    }

    /** Q records read. */
    public long queues() {
        return counts[QUEUES];
    }

    /** Q records handed to the model as top-level bios. */
    public long delivered() {
        return counts[DELIVERED];
    }

    /** The reasons with at least one Q record skipped, in declaration order. */
    public Map<Skip, Long> skipped() {
        EnumMap<Skip, Long> m = new EnumMap<>(Skip.class);
        for (Skip k : SKIPS) {
            long n = counts[SKIPPED + k.ordinal()];
            if (n > 0) {
                m.put(k, n);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** "2718 Q records: 2718 submitted, 0 skipped" with the reasons. */
    public String summary() {
        long s = 0;
        StringBuilder why = new StringBuilder();
        for (Map.Entry<Skip, Long> e : skipped().entrySet()) {
            s += e.getValue();
            why.append(why.length() == 0 ? " (" : ", ").append(e.getValue()).append(' ').append(e.getKey().text);
        }
        if (why.length() > 0) {
            why.append(')');
        }
        return queues() + " Q records: " + delivered() + " submitted, " + s + " skipped" + why;
    }
}
