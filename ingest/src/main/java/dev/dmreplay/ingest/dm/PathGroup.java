package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * A multipath priority group: {@code <selector> <#sel_args> [args] <#paths> <#per_path_args> paths...}.
 */
public record PathGroup(String selector, List<String> selectorArgs, int perPathArgs, List<MultipathPath> paths) {
    public PathGroup {
        selectorArgs = List.copyOf(selectorArgs);
        paths = List.copyOf(paths);
    }
}
