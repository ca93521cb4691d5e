package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A device-mapper stack as {@link StackSvg} draws it: the mapped devices of a {@code dmsetup table} with their
 * targets (one per table line, as {@code struct dm_target} in {@code drivers/md/dm-table.c}), what each target maps
 * onto, the leaf devices the stack ends on, and the mempools and biosets of each mapped device (the ones
 * {@code dm_table_alloc_md_mempools} and the targets' constructors create in Linux 4.x to 6.x).
 *
 * @param devices mapped devices, in table order
 * @param leaves  devices the tables reference that are not mapped devices (disks, partitions), first reference
 *                order
 * @param other   pools a run used that belong to no mapped device of the table (e.g. a request queue's split pool)
 * @param note    why there is nothing to draw, when {@code devices} is empty
 */
public record DmStack(List<Device> devices, List<Leaf> leaves, List<Pool> other, String note) {

    public DmStack {
        devices = List.copyOf(devices);
        leaves = List.copyOf(leaves);
        other = List.copyOf(other);
    }

    /**
     * A mapped device: its name, its major:minor when known ("" if not), its table lines and its pools.
     */
    public record Device(String name, String number, List<Target> targets, List<Pool> pools) {
        public Device {
            targets = List.copyOf(targets);
            pools = List.copyOf(pools);
        }
    }

    /**
     * One table line: the target type, the line as {@code dmsetup table} prints it (keys masked), and the nodes it
     * maps onto: names of mapped devices, or {@link Leaf#key()}s.
     */
    public record Target(String type, String line, List<String> lowers) {
        public Target {
            lowers = List.copyOf(lowers);
        }
    }

    /** A leaf device: the reference the tables use ({@code 8:0}, a path) and a label (with its name when known). */
    public record Leaf(String key, String label) {
    }

    /** A mempool or bioset: its name as the run reports it and its reserve ({@code min_nr}; -1 when unknown). */
    public record Pool(String name, long reserve) {
    }

    /** Nothing to draw, and why. */
    public static DmStack none(String why) {
        return new DmStack(List.of(), List.of(), List.of(), why);
    }

    /** Whether there is a stack to draw. */
    public boolean drawable() {
        return !devices.isEmpty();
    }

    /**
     * The stack of a trace's {@code dmreplay info} table. A device's distinct references (first occurrence order)
     * line up with its {@code mapsOnto} entries, which name the mapped device or the leaf each one resolved to.
     */
    public static DmStack of(Map<String, TraceInfo.DmDevice> dm) {
        List<Device> devices = new ArrayList<>();
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        dm.forEach((name, d) -> {
            Set<String> refs = new LinkedHashSet<>();
            d.targets().forEach(t -> refs.addAll(t.devices()));
            Map<String, String> node = new LinkedHashMap<>();
            int i = 0;
            for (String ref : refs) {
                String onto = i < d.mapsOnto().size() ? d.mapsOnto().get(i) : ref;
                i++;
                if (dm.containsKey(onto)) {
                    node.put(ref, onto);
                } else {
                    node.put(ref, leafKey(ref));
                    leaves.putIfAbsent(leafKey(ref), new Leaf(leafKey(ref), onto));
                }
            }
            List<Target> targets = new ArrayList<>();
            for (TraceInfo.DmTarget t : d.targets()) {
                targets.add(new Target(t.type(), line(t.start(), t.length(), t.type(), t.args()),
                        t.devices().stream().map(node::get).filter(java.util.Objects::nonNull).distinct().toList()));
            }
            devices.add(new Device(name, d.dev() == null ? "" : d.dev().toString(), targets, List.of()));
        });
        return new DmStack(devices, List.copyOf(leaves.values()), List.of(), "");
    }

    /** The stack of a table as the replay reads it; {@code names} gives a leaf's kernel name (or null). */
    public static DmStack of(DmTopology topo, Function<DevNo, String> names) {
        List<Device> devices = new ArrayList<>();
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        for (MappedDevice d : topo.devices()) {
            Map<String, String> node = new LinkedHashMap<>();
            for (Lower l : topo.lowers(d.name())) {
                String ref = l.ref().toString();
                if (l.isDm()) {
                    node.put(ref, l.dmName());
                } else {
                    DevNo n = l.ref().number();
                    String kernel = n == null ? null : names.apply(n);
                    node.put(ref, leafKey(ref));
                    leaves.putIfAbsent(leafKey(ref), new Leaf(leafKey(ref), kernel == null ? ref
                            : kernel + " (" + ref + ")"));
                }
            }
            List<Target> targets = new ArrayList<>();
            for (Segment s : d.segments()) {
                targets.add(new Target(s.target().type(), s.render(),
                        s.target().devices().stream().map(r -> node.get(r.toString())).filter(java.util.Objects::nonNull).distinct().toList()));
            }
            devices.add(new Device(d.name(), d.devNo() == null ? "" : d.devNo().toString(), targets, List.of()));
        }
        return new DmStack(devices, List.copyOf(leaves.values()), List.of(), "");
    }

    /**
     * This stack with each device's pools: a pool named {@code "... of DEVICE"} (as the replay names them) goes to
     * that device; the rest to {@link #other()}. Pools keep the order given.
     */
    public DmStack withPools(List<Pool> pools) {
        Map<String, List<Pool>> by = new LinkedHashMap<>();
        List<Pool> rest = new ArrayList<>();
        for (Pool p : pools) {
            String owner = owner(p.name());
            if (owner != null) {
                by.computeIfAbsent(owner, k -> new ArrayList<>()).add(p);
            } else {
                rest.add(p);
            }
        }
        List<Device> ds = new ArrayList<>();
        for (Device d : devices) {
            List<Pool> mine = new ArrayList<>(d.pools());
            mine.addAll(by.getOrDefault(d.name(), List.of()));
            ds.add(new Device(d.name(), d.number(), d.targets(), mine));
        }
        return new DmStack(ds, leaves, rest, note);
    }

    /**
     * The mapped device a pool belongs to: named at the end ({@code "md->bs of vg0-lv0"}) or, for its request
     * queue's pools, at the start ({@code "vg0-lv0 q->bio_split"}); null for neither.
     */
    private String owner(String pool) {
        for (Device d : devices) {
            if (pool.endsWith(" of " + d.name()) || pool.startsWith(d.name() + " ")) {
                return d.name();
            }
        }
        return null;
    }

    private static String leafKey(String ref) {
        // a mapped device may be named like a number; leaves get their own key space
        return "leaf " + ref;
    }

    private static String line(long start, long length, String type, String args) {
        return start + " " + length + " " + type + (args.isEmpty() ? "" : " " + args);
    }
}
