package dev.dmreplay.replay.stack;

import dev.dmreplay.replay.block.ServiceModel;
import java.util.List;

/**
 * A device stack to model, independent of where it came from (a {@code dmsetup table} parsed by the ingest
 * module, or a scenario file): leaf disks with service models, minimal md devices, and DM devices with their
 * table lines. Device references in target arguments are names or {@code major:minor}.
 */
public record StackSpec(List<Leaf> leaves, List<Md> mds, List<Dm> dms) {

    public StackSpec {
        leaves = List.copyOf(leaves);
        mds = List.copyOf(mds);
        dms = List.copyOf(dms);
    }

    /** A leaf disk; {@code maxSectors} 0 = no split. */
    public record Leaf(String name, String devno, long capacity, ServiceModel model, int maxSectors) {
    }

    /** A minimal md device that serialises flushes (scenario S6). */
    public record Md(String name, String devno, long capacity, List<String> members) {
    }

    /** A DM device; {@code poolSize} overrides the DM pool size when not null. */
    public record Dm(String name, String devno, List<TargetLine> table, Integer poolSize) {
    }

    /** One table line: {@code start length type args...}. */
    public record TargetLine(long start, long length, String type, List<String> args) {
    }
}
