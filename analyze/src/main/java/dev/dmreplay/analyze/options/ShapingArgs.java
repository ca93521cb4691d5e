package dev.dmreplay.analyze.options;

import dev.dmreplay.analyze.batch.PlacementSpec;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.place.DeviceMap;
import dev.dmreplay.ingest.place.Fit;
import dev.dmreplay.ingest.place.Sampling;
import dev.dmreplay.ingest.place.TimeWindow;
import dev.dmreplay.ingest.place.TraceShaping;
import dev.dmreplay.replay.pressure.Durations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that place a trace onto a chosen stack and select part of it ({@code --map}, {@code --fit},
 * {@code --window}, {@code --sample}), shared by {@code replay}, {@code info}, {@code batch} and the Spark job.
 */
public final class ShapingArgs {

    @Option(names = "--map", paramLabel = "DEV=DM_NAME[,...]",
            description = {"Place the trace onto the table's mapped devices: traced device (number such as 8:16, a"
                    + " name the trace gives it such as hm_1, or *) = mapped device of --table. Repeatable.",
                    "Without --map a trace is replayed on the devices it recorded."})
    List<String> map = new ArrayList<>();

    @Option(names = "--place", description = "Place the trace with the default map: every application device onto"
            + " the table's one top-level device (same as --map '*=TOP').")
    boolean placeDefault;

    @Option(names = "--fit", paramLabel = "wrap|scale",
            description = "With --map or --place: offsets beyond a mapped device's end wrap around (default), or"
                    + " every offset is scaled by device size / traced extent.")
    String fit;

    @Option(names = "--window", paramLabel = "FROM..TO",
            description = "Replay only this part of the trace, from its first event (e.g. 10m..20m, ..30s, 1h..);"
                    + " submission times start at FROM.")
    String window;

    @Option(names = "--sample", paramLabel = "F[:io|:submitter]",
            description = "Replay this share of the application requests (0.1 or 10%%), chosen per request (io,"
                    + " default) or per submitting process, deterministically from --seed.")
    String sample;

    /**
     * The options as text for a batch's runs, with the batch's one table ("": each trace's own; a local path is
     * made absolute by the caller, so that every run, wherever it executes, names the same file).
     */
    public PlacementSpec spec(String table) {
        shaping(); // refuse bad option text before any run starts
        return new PlacementSpec(table, String.join(",", map), placeDefault, fit == null ? "" : fit,
                window == null ? "" : window, sample == null ? "" : sample);
    }

    /** The shaping the options ask for. */
    public TraceShaping shaping() {
        DeviceMap m = null;
        if (!map.isEmpty()) {
            if (placeDefault) {
                throw OptionException.usage("--map and --place are used one at a time");
            }
            m = DeviceMap.parse(String.join(",", map));
        } else if (placeDefault) {
            m = DeviceMap.DEFAULT;
        }
        if (fit != null && m == null) {
            throw OptionException.usage("--fit applies to a trace placed with --map or --place");
        }
        Fit f = fit == null ? Fit.WRAP : Fit.parse(fit);
        TimeWindow w = window == null ? TimeWindow.ALL : TimeWindow.parse(window, Durations::parse);
        Sampling s = sample == null ? Sampling.ALL : Sampling.parse(sample);
        return new TraceShaping(m, f, w, s);
    }
}
