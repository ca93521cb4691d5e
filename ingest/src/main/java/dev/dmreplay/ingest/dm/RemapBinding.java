package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Device numbers for mapped devices the dumps give no number (a bare {@code dmsetup table} without
 * {@code ls --tree} or {@code info -c}), inferred from the trace's remap ({@code A}) events: a traced device whose
 * bios were remapped onto exactly the devices one table references is that table's device, when only that table
 * and that traced device match each other. Anything ambiguous stays unbound.
 */
public final class RemapBinding {
    private RemapBinding() {
    }

    /**
     * @param topo         the stack from the dumps
     * @param remapTargets upper device → the lower devices its bios were remapped onto (from the A events)
     * @return traced device number → mapped device name, for the devices bound this way, sorted by number
     */
    public static SortedMap<DevNo, String> infer(DmTopology topo, SortedMap<DevNo, SortedSet<DevNo>> remapTargets) {
        SortedMap<DevNo, String> out = new TreeMap<>();
        Map<String, List<DevNo>> candidates = new TreeMap<>();
        Map<DevNo, Integer> claims = new TreeMap<>();
        for (MappedDevice d : topo.devices()) {
            if (d.devNo() != null) {
                continue;
            }
            SortedSet<DevNo> refs = numberedReferences(d);
            if (refs == null) {
                continue;
            }
            List<DevNo> match = new ArrayList<>();
            remapTargets.forEach((upper, lowers) -> {
                if (lowers.equals(refs) && topo.device(upper).isEmpty()) {
                    match.add(upper);
                }
            });
            candidates.put(d.name(), match);
            match.forEach(m -> claims.merge(m, 1, Integer::sum));
        }
        candidates.forEach((name, match) -> {
            if (match.size() == 1 && claims.get(match.get(0)) == 1) {
                out.put(match.get(0), name);
            }
        });
        return out;
    }

    /** The numbers a table references, or null when it references a path or nothing (no match possible). */
    private static SortedSet<DevNo> numberedReferences(MappedDevice d) {
        SortedSet<DevNo> refs = new TreeSet<>();
        for (DevRef r : d.references()) {
            if (r.number() == null) {
                return null;
            }
            refs.add(r.number());
        }
        return refs.isEmpty() ? null : refs;
    }
}
