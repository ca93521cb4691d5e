package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.dm.DelayArgs;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.ErrorArgs;
import dev.dmreplay.ingest.dm.LinearArgs;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.dm.StripeLeg;
import dev.dmreplay.ingest.dm.StripedArgs;
import dev.dmreplay.ingest.dm.TargetArgs;
import dev.dmreplay.ingest.dm.ZeroArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a parsed {@code dmsetup} topology (ingest's {@link DmTopology}) into a {@link StackSpec}: one DM device per
 * mapped device (bottom-up), one leaf per referenced non-DM device with the service model the caller picks.
 * Device references become the mapped device's name or the leaf's reference text ({@code major:minor} or path).
 * dm-delay's third (flush) class is not modelled (the v4.16 target has none).
 */
public final class TopologyStacks {
    private TopologyStacks() {
    }

    /**
     * @param leafModel  the leaf for a referenced device, or null if {@code extra} provides it (e.g. an md device)
     * @param extraMds   md devices declared elsewhere (scenario S6), referenced by name, number or path
     * @param poolSizes  DM pool size overrides by device name (may be empty)
     */
    public static StackSpec build(DmTopology topo, Function<DevRef, StackSpec.Leaf> leafModel,
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
                lines.add(new StackSpec.TargetLine(s.start(), s.length(), s.target().type(), args(topo, s.target())));
            }
            dms.add(new StackSpec.Dm(md.name(), md.devNo() == null ? null : md.devNo().colon(), lines,
                    poolSizes.get(md.name())));
        }
        return new StackSpec(leaves, extraMds, dms);
    }

    private static List<String> args(DmTopology topo, TargetArgs a) {
        List<String> out = new ArrayList<>();
        if (a instanceof LinearArgs l) {
            out.add(ref(topo, l.dev()));
            out.add(Long.toString(l.offset()));
        } else if (a instanceof StripedArgs s) {
            out.add(Integer.toString(s.stripes()));
            out.add(Long.toString(s.chunkSectors()));
            for (StripeLeg leg : s.legs()) {
                out.add(ref(topo, leg.dev()));
                out.add(Long.toString(leg.offset()));
            }
        } else if (a instanceof DelayArgs d) {
            out.add(ref(topo, d.read().dev()));
            out.add(Long.toString(d.read().offset()));
            out.add(Long.toString(d.read().delayMs()));
            if (d.given() >= 2) {
                out.add(ref(topo, d.write().dev()));
                out.add(Long.toString(d.write().offset()));
                out.add(Long.toString(d.write().delayMs()));
            }
        } else if (a instanceof ErrorArgs || a instanceof ZeroArgs) {
            return out;
        }
        return out;
    }

    private static String ref(DmTopology topo, DevRef r) {
        return topo.resolve(r).map(MappedDevice::name).orElse(r.toString());
    }
}
