package dev.dmreplay.analyze.repro;

import dev.dmreplay.ingest.dm.CryptArgs;
import dev.dmreplay.ingest.dm.DelayArgs;
import dev.dmreplay.ingest.dm.DelayClass;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.LinearArgs;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.dm.StripeLeg;
import dev.dmreplay.ingest.dm.StripedArgs;
import dev.dmreplay.ingest.dm.TargetArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DM stack of a reproducer from a parsed {@link DmTopology}: the table dump in creation order (every device
 * after the devices it sits on, as {@code dm_get_device} needs them to exist) and how much of each leaf the tables
 * reach.
 */
final class StackTables {
    /** Smallest backing device made: small devices are cheap and leave room for metadata. */
    static final long MIN_SECTORS = 16L * 2048;

    private StackTables() {
    }

    /** The {@code name: start length type args} dump, lower devices first (keys masked as the parser left them). */
    static String table(DmTopology topo) {
        StringBuilder sb = new StringBuilder();
        for (MappedDevice d : topo.bottomUp()) {
            for (Segment s : d.segments()) {
                sb.append(d.name()).append(": ").append(s.render()).append('\n');
            }
        }
        return sb.toString();
    }

    static List<String> order(DmTopology topo) {
        List<String> out = new ArrayList<>();
        topo.bottomUp().forEach(d -> out.add(d.name()));
        return out;
    }

    /**
     * For every device a table references that is not a mapped device: the sectors the tables reach on it (the
     * offset of the mapping plus the segment's length; for targets whose layout on the device this does not know,
     * such as a snapshot's COW device or a thin pool's metadata, the whole segment's length), at least
     * {@link #MIN_SECTORS}.
     */
    static Map<String, Long> leafSectors(DmTopology topo) {
        Map<String, Long> need = new LinkedHashMap<>();
        for (DevRef r : topo.leaves()) {
            need.put(r.toString(), MIN_SECTORS);
        }
        for (MappedDevice d : topo.bottomUp()) {
            List<Lower> lowers = topo.lowers(d.name());
            for (Segment s : d.segments()) {
                for (DevRef r : s.target().devices()) {
                    boolean dm = lowers.stream().anyMatch(l -> l.ref().equals(r) && l.isDm());
                    if (dm || !need.containsKey(r.toString())) {
                        continue;
                    }
                    long n = offset(s.target(), r) + s.length();
                    need.merge(r.toString(), roundMiB(n), Math::max);
                }
            }
        }
        return need;
    }

    private static long offset(TargetArgs a, DevRef r) {
        long off = 0;
        if (a instanceof LinearArgs l) {
            off = l.offset();
        } else if (a instanceof StripedArgs st) {
            for (StripeLeg leg : st.legs()) {
                if (leg.dev().equals(r)) {
                    off = Math.max(off, leg.offset());
                }
            }
        } else if (a instanceof CryptArgs c) {
            off = c.offset();
        } else if (a instanceof DelayArgs dl) {
            for (DelayClass c : new DelayClass[] {dl.read(), dl.write(), dl.flush()}) {
                if (c != null && c.dev().equals(r)) {
                    off = Math.max(off, c.offset());
                }
            }
        }
        return off;
    }

    static long roundMiB(long sectors) {
        return (sectors + 2047) / 2048 * 2048;
    }
}
