package dev.dmreplay.analyze.batch;

import dev.dmreplay.ingest.place.DeviceMap;
import dev.dmreplay.ingest.place.Fit;
import dev.dmreplay.ingest.place.Sampling;
import dev.dmreplay.ingest.place.TimeWindow;
import dev.dmreplay.ingest.place.TraceShaping;
import dev.dmreplay.replay.pressure.Durations;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * One table every trace of a batch is replayed onto, and how ({@code batch --table T --place|--map M --fit F
 * --window W --sample S}), as option text so it travels to Spark executors unchanged. Empty fields: the option was
 * not given; {@link #NONE}: every trace replays on its own dumps.
 *
 * @param table  the {@code dmsetup table} dump, or "" for each trace's own
 * @param map    the {@code --map} rules, {@code *=TOP} style ("" with {@code place}: the default map; "" without:
 *               not placed)
 * @param place  whether traces are placed onto the table
 * @param fit    {@code wrap} or {@code scale} ("" = wrap)
 * @param window {@code FROM..TO} or ""
 * @param sample {@code F[:unit]} or ""
 */
public record PlacementSpec(String table, String map, boolean place, String fit, String window, String sample)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final PlacementSpec NONE = new PlacementSpec("", "", false, "", "", "");

    /** The same placement onto {@code path}, the table's copy on the local file system. */
    public PlacementSpec withTable(String path) {
        return new PlacementSpec(path, map, place, fit, window, sample);
    }

    /** The table as a path, or null for each trace's own. */
    public Path tablePath() {
        return table.isEmpty() ? null : Path.of(table);
    }

    /** The shaping these options ask for (parsing them; bad text is an option error). */
    public TraceShaping shaping() {
        DeviceMap m = !map.isEmpty() ? DeviceMap.parse(map) : place ? DeviceMap.DEFAULT : null;
        return new TraceShaping(m, fit.isEmpty() ? Fit.WRAP : Fit.parse(fit),
                window.isEmpty() ? TimeWindow.ALL : TimeWindow.parse(window, Durations::parse),
                sample.isEmpty() ? Sampling.ALL : Sampling.parse(sample));
    }
}
