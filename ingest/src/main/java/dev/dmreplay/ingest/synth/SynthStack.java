package dev.dmreplay.ingest.synth;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTableParser;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.LinearArgs;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.dm.StripedArgs;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device stack a synthetic trace runs on: a {@code dmsetup table} (built in or read from a file) of linear and
 * striped targets over whole disks, with every device numbered (DM devices 253:N in table order unless the table
 * was loaded with numbers) and named as {@code blktrace} names its per-CPU files ({@code dm-N}, {@code sdX},
 * {@code vdX}).
 */
public final class SynthStack {
    /** The stacks {@code --table} accepts by name. */
    public static final Map<String, String> BUILT_IN = builtIn();

    private final DmTopology topology;
    private final List<Device> devices = new ArrayList<>();
    private final Map<Integer, Device> byKernelDev = new LinkedHashMap<>();

    /**
     * One traced device.
     *
     * @param index    position in {@link #devices()}
     * @param number   major:minor
     * @param fileName the per-CPU file prefix ({@code dm-0}, {@code sda})
     * @param mapped   the DM device, or null for a disk
     */
    public record Device(int index, DevNo number, String fileName, MappedDevice mapped) {
        public boolean isDm() {
            return mapped != null;
        }

        public int kernel() {
            return number.kernel();
        }
    }

    private SynthStack(DmTopology topology) {
        this.topology = topology;
        for (MappedDevice md : topology.bottomUp()) {
            for (Segment s : md.segments()) {
                if (!(s.target() instanceof LinearArgs) && !(s.target() instanceof StripedArgs)) {
                    throw TableFormatException.atLine(source(), s.line(), "'" + s.render() + "' of " + md.name()
                            + ": synth generates linear and striped targets only");
                }
            }
        }
        for (MappedDevice md : topology.devices()) {
            add(md.devNo(), "dm-" + md.devNo().minor(), md);
        }
        for (DevRef leaf : topology.leaves()) {
            if (!leaf.isNumber()) {
                throw TableFormatException.of(source(), "leaf device '" + leaf
                        + "': synth needs lower devices given as major:minor");
            }
            add(leaf.number(), diskName(leaf.number()), null);
        }
    }

    private String source() {
        return "--table";
    }

    private void add(DevNo no, String file, MappedDevice md) {
        Device d = new Device(devices.size(), no, file, md);
        devices.add(d);
        byKernelDev.put(no.kernel(), d);
    }

    /** A built-in stack by name, or a {@code dmsetup table} file. */
    public static SynthStack of(String nameOrFile) {
        String text = BUILT_IN.get(nameOrFile);
        if (text != null) {
            return fromTable(nameOrFile, text);
        }
        Path p = Path.of(nameOrFile);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw OptionException.of("--table", "'" + nameOrFile + "' is neither a file nor a built-in stack "
                    + BUILT_IN.keySet());
        }
        try {
            return fromTable(p.toString(), java.nio.file.Files.readString(p));
        } catch (java.io.IOException e) {
            throw TableFormatException.of(p.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** A {@code dmsetup table} text; DM devices without a number get 253:N in the order of the table. */
    public static SynthStack fromTable(String source, String text) {
        DmTopology first = DmTopology.parse(source, text);
        if (first.devices().isEmpty()) {
            throw TableFormatException.of(source, "no device in the table");
        }
        DmTopology.Builder b = DmTopology.builder().table(source, text, null);
        int minor = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (dev.dmreplay.ingest.dm.DeviceTable t : DmTableParser.parse(source, text, null, new ArrayList<>())) {
            if (seen.add(t.name())) {
                MappedDevice md = first.device(t.name()).orElseThrow();
                b.number(md.name(), md.devNo() != null ? md.devNo() : new DevNo(253, minor));
                minor++;
            }
        }
        return new SynthStack(b.build());
    }

    public DmTopology topology() {
        return topology;
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** The devices the application submits to (top-level DM devices). */
    public List<Device> top() {
        List<Device> out = new ArrayList<>();
        for (MappedDevice md : topology.topLevel()) {
            out.add(byKernelDev.get(md.devNo().kernel()));
        }
        return out;
    }

    public Device device(DevRef ref) {
        return topology.resolve(ref).map(md -> byKernelDev.get(md.devNo().kernel()))
                .orElseGet(() -> byKernelDev.get(ref.number().kernel()));
    }

    /** {@code dmsetup table} as the tool prints it (name-prefixed lines, table order). */
    public String tableDump() {
        StringBuilder sb = new StringBuilder();
        for (MappedDevice md : topology.devices()) {
            for (Segment s : md.segments()) {
                sb.append(md.name()).append(": ").append(s.render()).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code dmsetup ls --tree}: each top-level device with its lower devices indented below. */
    public String lsTreeDump() {
        StringBuilder sb = new StringBuilder();
        for (MappedDevice md : topology.topLevel()) {
            sb.append(md.name()).append(" (").append(md.devNo().colon()).append(")\n");
            tree(sb, md.name(), "");
        }
        return sb.toString();
    }

    private void tree(StringBuilder sb, String name, String indent) {
        List<Lower> lowers = topology.lowers(name);
        for (int i = lowers.size() - 1; i >= 0; i--) {
            Lower l = lowers.get(i);
            boolean last = i == 0;
            sb.append(indent).append(last ? " `-" : " |-");
            if (l.isDm()) {
                MappedDevice md = topology.device(l.dmName()).orElseThrow();
                sb.append(md.name()).append(" (").append(md.devNo().colon()).append(")\n");
                tree(sb, md.name(), indent + (last ? "   " : " | "));
            } else {
                sb.append(" (").append(l.ref().number().colon()).append(")\n");
            }
        }
    }

    /** {@code dmsetup info -c} with its default columns. */
    public String infoDump() {
        StringBuilder sb = new StringBuilder("Name             Maj Min Stat Open Targ Event  UUID\n");
        for (MappedDevice md : topology.devices()) {
            int open = topology.uppers(md.name()).size();
            sb.append(String.format(java.util.Locale.ROOT, "%-16s %3d %3d L--w %4d %4d %6d %s%n", md.name(),
                    md.devNo().major(), md.devNo().minor(), open, md.segments().size(), 0,
                    "SYNTH-" + md.name()));
        }
        return sb.toString();
    }

    static String diskName(DevNo no) {
        String prefix = switch (no.major()) {
            case 8 -> "sd";
            case 254, 252 -> "vd";
            default -> null;
        };
        if (prefix == null || no.minor() % 16 != 0 || no.minor() / 16 >= 26) {
            return "dev" + no.major() + "_" + no.minor();
        }
        return prefix + (char) ('a' + no.minor() / 16);
    }

    private static Map<String, String> builtIn() {
        Map<String, String> m = new LinkedHashMap<>();
        long disk = 209_715_200L; // 100 GiB per disk, data from sector 2048 as a partitioned disk would have it
        m.put("linear", "vg0-lv0: 0 " + disk + " linear 8:0 2048\n"
                + "vg0-lv0: " + disk + " " + disk + " linear 8:16 2048\n");
        m.put("striped", "vg0-lv0: 0 " + (2 * disk) + " striped 2 128 8:0 2048 8:16 2048\n");
        m.put("linear-over-striped", "str: 0 " + (2 * disk) + " striped 2 128 8:0 2048 8:16 2048\n"
                + "lv: 0 " + (2 * disk) + " linear 253:0 0\n");
        return java.util.Collections.unmodifiableMap(m);
    }
}
