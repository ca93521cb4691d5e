package dev.dmreplay.analyze.btt;

/** Receives every interval sample as {@link BttEngine} records it (for statistics beyond btt's averages). */
public interface SampleSink {
    /**
     * @param interval which interval
     * @param device   kernel dev_t of the device the sample belongs to
     * @param endTime  time (ns since the first event) of the record that closed the interval
     * @param value    the interval in ns (btt's {@code tdelta}: at least 1)
     */
    void sample(Interval interval, int device, long endTime, long value);

    SampleSink NONE = (i, d, e, v) -> { };

    /** Hands every sample to this sink, then to {@code next} (one engine feeding several consumers). */
    default SampleSink andThen(SampleSink next) {
        return (i, d, e, v) -> {
            sample(i, d, e, v);
            next.sample(i, d, e, v);
        };
    }
}
