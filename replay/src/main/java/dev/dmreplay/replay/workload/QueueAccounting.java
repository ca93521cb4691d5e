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

    long queues;
    long delivered;
    private final EnumMap<Skip, Long> skipped = new EnumMap<>(Skip.class);

    void skip(Skip why) {
        skipped.merge(why, 1L, Long::sum);
    }

    /** {@code n} Q records skipped for {@code why} before they reached the workload (placement). */
    void skipUpstream(Skip why, long n) {
        if (n > 0) {
            queues += n;
            skipped.merge(why, n, Long::sum);
        }
    }

    /** Q records read. */
    public long queues() {
        return queues;
    }

    /** Q records handed to the model as top-level bios. */
    public long delivered() {
        return delivered;
    }

    public Map<Skip, Long> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /** "2718 Q records: 2718 submitted, 0 skipped" with the reasons. */
    public String summary() {
        long s = 0;
        StringBuilder why = new StringBuilder();
        for (Map.Entry<Skip, Long> e : skipped.entrySet()) {
            s += e.getValue();
            why.append(why.length() == 0 ? " (" : ", ").append(e.getValue()).append(' ').append(e.getKey().text);
        }
        if (why.length() > 0) {
            why.append(')');
        }
        return queues + " Q records: " + delivered + " submitted, " + s + " skipped" + why;
    }
}
