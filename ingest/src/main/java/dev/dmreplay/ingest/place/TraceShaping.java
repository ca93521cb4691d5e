package dev.dmreplay.ingest.place;

/**
 * How a replay takes a trace: placed onto a chosen stack or as recorded, and which part of it. Built from the
 * options {@code --map}, {@code --fit}, {@code --window} and {@code --sample}.
 *
 * @param map      where traced devices go; null: the trace is replayed on the devices it recorded (its own
 *                 {@code dmsetup} dumps or a table naming the same devices)
 * @param fit      offsets beyond a mapped device's end (with a map)
 * @param window   the part of the trace replayed
 * @param sampling the share of requests replayed
 */
public record TraceShaping(DeviceMap map, Fit fit, TimeWindow window, Sampling sampling) {
    /** The whole trace as recorded. */
    public static final TraceShaping NONE = new TraceShaping(null, Fit.WRAP, TimeWindow.ALL, Sampling.ALL);

    public TraceShaping {
        if (fit == null || window == null || sampling == null) {
            throw new IllegalArgumentException("fit, window and sampling are required");
        }
    }

    /** Whether the trace is placed onto the table's devices rather than replayed on its own. */
    public boolean places() {
        return map != null;
    }

    /** The request selection under the replay's seed. */
    public TraceSelection selection(long seed) {
        return new TraceSelection(window, sampling, seed);
    }
}
