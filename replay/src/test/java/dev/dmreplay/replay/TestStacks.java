package dev.dmreplay.replay;

import dev.dmreplay.ingest.dm.TargetParser;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.stack.StackSpec;
import java.util.ArrayList;
import java.util.List;

/** Small stacks for tests. */
public final class TestStacks {
    private TestStacks() {
    }

    public static StackSpec.Leaf leaf(String name, String devno, long latencyNs) {
        return new StackSpec.Leaf(name, devno, 0, new ServiceModel.Parametric(latencyNs, 0, 32), 0);
    }

    /** A table line parsed as ingest parses tables; devices are {@code major:minor} or paths. */
    public static StackSpec.TargetLine line(long start, long len, String type, String... args) {
        return new StackSpec.TargetLine(start, len, TargetParser.parse(type, List.of(args), len), "test");
    }

    public static StackSpec.Dm dm(String name, StackSpec.TargetLine... lines) {
        return new StackSpec.Dm(name, null, List.of(lines), null);
    }

    public static StackSpec stack(List<StackSpec.Leaf> leaves, StackSpec.Dm... dms) {
        return new StackSpec(leaves, List.of(), new ArrayList<>(List.of(dms)));
    }
}
