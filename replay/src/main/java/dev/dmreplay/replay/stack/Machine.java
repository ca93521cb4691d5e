package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.LeafDevice;
import dev.dmreplay.replay.dm.DmCore;
import dev.dmreplay.replay.dm.DmTable;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.md.MdFlushDevice;
import dev.dmreplay.replay.md.MdRaid0Device;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One modelled machine: kernel (simulator, tasks, pressure), block layer, DM core, and the device stack built
 * from a {@link StackSpec}. Devices are looked up by name or {@code major:minor}.
 */
public final class Machine {
    public final Kernel kernel;
    public final BlockLayer layer;
    public final DmCore dm;
    public final Knobs knobs;
    private final Map<String, BlockDevice> byRef = new LinkedHashMap<>();
    private final List<BlockDevice> devices = new ArrayList<>();

    public Machine(StackSpec spec, Knobs knobs, MemoryPressure pressure, long seed) {
        this.knobs = knobs;
        this.kernel = new Kernel(seed, pressure);
        kernel.setGlobal(Knobs.class, knobs);
        kernel.setGlobal(dev.dmreplay.replay.block.Mempool.FirstRound.class, knobs.mempoolAlloc());
        this.layer = new BlockLayer(kernel, knobs.gmrOrdering(), knobs.bioPoolSize(), knobs.splitResubmit(),
                knobs.dmBiosetRescuer());
        layer.zoneWritePlugging(knobs.zoneWritePlugging());
        this.dm = new DmCore(layer, knobs);
        for (StackSpec.Leaf l : spec.leaves()) {
            long cap = l.capacity() <= 0 ? Long.MAX_VALUE / 4 : l.capacity();
            add(new LeafDevice(layer, l.name(), devno(l.devno()), cap, l.model(), l.maxSectors(), l.zoneSectors()),
                    l.devno());
        }
        for (StackSpec.Md m : spec.mds()) {
            List<BlockDevice> members = new ArrayList<>();
            for (String r : m.members()) {
                BlockDevice d = byRef.get(r);
                if (d == null) {
                    throw new TableFormatException("md device " + m.name() + ": unknown member '" + r + "'");
                }
                members.add(d);
            }
            long cap = m.capacity() <= 0 ? Long.MAX_VALUE / 4 : m.capacity();
            if (m.chunkSectors() > 0) {
                add(new MdRaid0Device(layer, m.name(), devno(m.devno()), cap, members, m.chunkSectors(),
                        m.maxSectors()), m.devno());
            } else {
                add(new MdFlushDevice(layer, m.name(), devno(m.devno()), cap, members, knobs.mdFlushFix()),
                        m.devno());
            }
        }
        for (StackSpec.Dm d : spec.dms()) {
            d.table().forEach(TargetTypes::check);
        }
        List<StackSpec.Dm> todo = new ArrayList<>(spec.dms());
        while (!todo.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < todo.size(); i++) {
                StackSpec.Dm d = todo.get(i);
                if (ready(d)) {
                    List<Target> targets = new ArrayList<>();
                    for (StackSpec.TargetLine line : d.table()) {
                        targets.add(TargetTypes.create(layer, knobs, d.name(), line, byRef::get));
                    }
                    MappedDevice md = dm.create(d.name(), devno(d.devno()), new DmTable(targets), d.poolSize());
                    add(md, d.devno());
                    todo.remove(i);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                List<String> names = new ArrayList<>();
                for (StackSpec.Dm d : todo) {
                    names.add(d.name());
                }
                throw new TableFormatException("DM devices refer to unknown devices or to each other in a cycle: "
                        + names);
            }
        }
    }

    private boolean ready(StackSpec.Dm d) {
        for (StackSpec.TargetLine l : d.table()) {
            for (DevRef r : l.args().devices()) {
                if (!byRef.containsKey(l.key(r))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void add(BlockDevice d, String devno) {
        if (byRef.containsKey(d.name)) {
            throw new TableFormatException("device name '" + d.name + "' used twice");
        }
        byRef.put(d.name, d);
        if (devno != null && !devno.isBlank()) {
            byRef.put(devno, d);
        }
        if (!(d instanceof MappedDevice)) {
            byRef.putIfAbsent("/dev/" + d.name, d);
        } else {
            byRef.putIfAbsent("/dev/mapper/" + d.name, d);
        }
        devices.add(d);
    }

    private static int devno(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        int c = s.indexOf(':');
        if (c < 0) {
            throw new TableFormatException("device number '" + s + "' is not major:minor");
        }
        return (Integer.parseInt(s.substring(0, c).trim()) << 20) | Integer.parseInt(s.substring(c + 1).trim());
    }

    public BlockDevice device(String ref) {
        BlockDevice d = byRef.get(ref);
        if (d == null) {
            throw new IllegalArgumentException("unknown device '" + ref + "'");
        }
        return d;
    }

    public BlockDevice deviceOrNull(String ref) {
        return byRef.get(ref);
    }

    /** All devices in construction order (leaves first). */
    public List<BlockDevice> devices() {
        return devices;
    }

    /** Devices no other device maps to (the top of the stack), in construction order. */
    public List<BlockDevice> tops() {
        List<BlockDevice> lower = new ArrayList<>();
        for (BlockDevice d : devices) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    lower.addAll(t.devices());
                }
            } else if (d instanceof MdFlushDevice m) {
                lower.addAll(m.members());
            } else if (d instanceof MdRaid0Device r) {
                lower.addAll(r.members());
            }
        }
        List<BlockDevice> out = new ArrayList<>();
        for (BlockDevice d : devices) {
            if (!lower.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }
}
