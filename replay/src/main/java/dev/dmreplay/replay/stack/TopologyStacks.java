package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a parsed {@code dmsetup} topology (ingest's {@link DmTopology}) into a {@link StackSpec}: one DM device per
 * mapped device (bottom-up), one leaf per referenced non-DM device with the service model the caller picks. Each
 * table line keeps ingest's typed {@code TargetArgs}; a device argument the topology resolves to a mapped device
 * (by number, {@code /dev/mapper/NAME} or {@code /dev/dm-N}) is looked up by that device's name, any other by its
 * text ({@code major:minor} or path), which is how leaves are named. Every target type must be modelled
 * ({@link TargetTypes}): the check runs here, so a table with another type is bad input (file and line) before
 * anything is simulated.
 */
public final class TopologyStacks {
    private TopologyStacks() {
    }

    /**
     * @param source     the file the table came from, for error messages
     * @param leafModel  the leaf for a referenced device, or null if {@code extra} provides it (e.g. an md device)
     * @param extraMds   md devices declared elsewhere (scenario S6), referenced by name, number or path
     * @param poolSizes  DM pool size overrides by device name (may be empty)
     * @throws TraceFormatException naming the file and line of a target type that is not modelled
     */
    public static StackSpec build(String source, DmTopology topo, Function<DevRef, StackSpec.Leaf> leafModel,
                                  List<StackSpec.Md> extraMds, List<StackSpec.Leaf> extraLeaves,
                                  Map<String, Integer> poolSizes) {
        List<StackSpec.Leaf> leaves = new ArrayList<>(extraLeaves);
        for (DevRef ref : topo.leaves()) {
            StackSpec.Leaf l = leafModel.apply(ref);
            if (l != null) {
                leaves.add(l);
            }
        }
        List<StackSpec.Dm> dms = new ArrayList<>();
        for (MappedDevice md : topo.bottomUp()) {
            List<StackSpec.TargetLine> lines = new ArrayList<>();
            for (Segment s : md.segments()) {
                Map<DevRef, String> names = new LinkedHashMap<>();
                for (DevRef r : s.target().devices()) {
                    topo.resolve(r).ifPresent(m -> names.put(r, m.name()));
                }
                if (!TargetTypes.isModelled(s.target().type())) {
                    throw TraceFormatException.atLine(source, s.line(), "'" + s.render() + "' of " + md.name()
                            + ": target type '" + s.target().type() + "' is not modelled (modelled: "
                            + TargetTypes.modelled() + ")");
                }
                lines.add(new StackSpec.TargetLine(s.start(), s.length(), s.target(), names, source + ":" + s.line()));
            }
            dms.add(new StackSpec.Dm(md.name(), md.devNo() == null ? null : md.devNo().colon(), lines,
                    poolSizes.get(md.name())));
        }
        return new StackSpec(leaves, extraMds, dms);
    }
}
