package dev.dmreplay.ingest.dm;

import java.util.List;

/** One path of a multipath priority group with its per-path selector arguments. */
public record MultipathPath(DevRef dev, List<String> args) {
    public MultipathPath {
        args = List.copyOf(args);
    }
}
