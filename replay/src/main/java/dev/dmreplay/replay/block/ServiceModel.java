package dev.dmreplay.replay.block;

import java.util.SplittableRandom;

/** How long a leaf device takes to service one bio once dispatched (D2C). */
public interface ServiceModel {
    long serviceNanos(Bio bio, SplittableRandom random);

    /**
     * As {@link #serviceNanos(Bio, SplittableRandom)}, but drawn from the samples of the bio's class even where a
     * trace recorded the bio's own time (a model of a trace's CPU times: see {@link TraceServiceModel#drawNanos}).
     */
    default long drawNanos(Bio bio, SplittableRandom random) {
        return serviceNanos(bio, random);
    }

    /**
     * The bio's own recorded time, consumed, or {@link RecordedTimes#ABSENT} when the model keeps none for it (then
     * {@link #serviceNanos} draws): for a caller that must know whether a time is the kernel's own for this very
     * request.
     */
    default long ownNanos(Bio bio) {
        return RecordedTimes.ABSENT;
    }

    /** Commands the device runs at once (tags); further bios wait in the device's queue. */
    int queueDepth();

    /** Fixed latency plus size over bandwidth; flushes take the latency only. */
    record Parametric(long latencyNs, long bytesPerSecond, int queueDepth) implements ServiceModel {
        public Parametric {
            if (latencyNs < 0 || bytesPerSecond < 0 || queueDepth <= 0) {
                throw new IllegalArgumentException("latency and bandwidth must be >= 0 and queue depth > 0");
            }
        }

        @Override
        public long serviceNanos(Bio bio, SplittableRandom random) {
            long t = latencyNs;
            if (bytesPerSecond > 0 && bio.sectors > 0 && (bio.op == Op.READ || bio.op == Op.WRITE)) {
                t += (bio.sectors * 512L * 1_000_000_000L) / bytesPerSecond;
            }
            return t;
        }
    }
}
