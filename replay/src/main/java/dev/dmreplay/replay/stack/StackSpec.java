package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.TargetArgs;
import dev.dmreplay.replay.block.ServiceModel;
import java.util.List;
import java.util.Map;

/**
 * A device stack to model, independent of where it came from (a {@code dmsetup table} dump or a scenario file,
 * both parsed by ingest's {@code TargetParser} into typed {@link TargetArgs}): leaf disks with service models,
 * minimal md devices, and DM devices with their table lines. Devices are referred to by name,
 * {@code major:minor} or path ({@code /dev/NAME}, {@code /dev/mapper/NAME}).
 */
public record StackSpec(List<Leaf> leaves, List<Md> mds, List<Dm> dms) {

    public StackSpec {
        leaves = List.copyOf(leaves);
        mds = List.copyOf(mds);
        dms = List.copyOf(dms);
    }

    /** A leaf disk; {@code maxSectors} 0 = no split. */
    public record Leaf(String name, String devno, long capacity, ServiceModel model, int maxSectors,
                       long zoneSectors) {
        /** A leaf that is not zoned. */
        public Leaf(String name, String devno, long capacity, ServiceModel model, int maxSectors) {
            this(name, devno, capacity, model, maxSectors, 0);
        }
    }

    /**
     * A minimal md device: with {@code chunkSectors == 0} the flush-serialising device of scenario S6, otherwise a
     * raid0 with that chunk size splitting at {@code maxSectors} first (scenario S9).
     */
    public record Md(String name, String devno, long capacity, List<String> members, int chunkSectors,
                     int maxSectors) {
        /** The flush-serialising md device. */
        public Md(String name, String devno, long capacity, List<String> members) {
            this(name, devno, capacity, members, 0, 0);
        }
    }

    /** A DM device; {@code poolSize} overrides the DM pool size when not null. */
    public record Dm(String name, String devno, List<TargetLine> table, Integer poolSize) {
    }

    /**
     * One table line: {@code start length} and the target's parsed arguments.
     *
     * @param names where the source already knows which stack device a reference means (e.g. a topology resolved
     *              {@code /dev/dm-3} to a mapped device), that device's name; other references are looked up as
     *              written ({@code major:minor} or path)
     * @param where the file and line the table line came from, for error messages (e.g. {@code s1.yaml:3})
     */
    public record TargetLine(long start, long length, TargetArgs args, Map<DevRef, String> names, String where) {
        public TargetLine {
            names = Map.copyOf(names);
        }

        public TargetLine(long start, long length, TargetArgs args, String where) {
            this(start, length, args, Map.of(), where);
        }

        /** The stack device name or reference text a device argument is looked up by. */
        public String key(DevRef ref) {
            String n = names.get(ref);
            return n != null ? n : ref.toString();
        }

        @Override
        public String toString() {
            return where + ": '" + start + " " + length + " " + args.render() + "'";
        }
    }
}
