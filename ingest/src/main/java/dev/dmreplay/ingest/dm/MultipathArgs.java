package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code multipath <#features> [features] <#hw_args> [hw_handler args] <#groups> <initial_group> groups...}
 * ({@code multipath_ctr}, dm-mpath.c).
 *
 * @param hwHandler the hardware handler words (name first), empty for none
 */
public record MultipathArgs(List<String> features, List<String> hwHandler, int initialGroup,
                            List<PathGroup> groups) implements TargetArgs {

    public MultipathArgs {
        features = List.copyOf(features);
        hwHandler = List.copyOf(hwHandler);
        groups = List.copyOf(groups);
    }

    @Override
    public String type() {
        return "multipath";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>();
        for (PathGroup g : groups) {
            for (MultipathPath p : g.paths()) {
                out.add(p.dev());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder().append(features.size());
        features.forEach(f -> sb.append(' ').append(f));
        sb.append(' ').append(hwHandler.size());
        hwHandler.forEach(h -> sb.append(' ').append(h));
        sb.append(' ').append(groups.size()).append(' ').append(initialGroup);
        for (PathGroup g : groups) {
            sb.append(' ').append(g.selector()).append(' ').append(g.selectorArgs().size());
            g.selectorArgs().forEach(a -> sb.append(' ').append(a));
            sb.append(' ').append(g.paths().size()).append(' ').append(g.perPathArgs());
            for (MultipathPath p : g.paths()) {
                sb.append(' ').append(p.dev());
                p.args().forEach(a -> sb.append(' ').append(a));
            }
        }
        return sb.toString();
    }
}
