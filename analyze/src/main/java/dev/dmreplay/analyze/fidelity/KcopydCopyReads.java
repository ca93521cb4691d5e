package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.target.snapshot.SnapshotTarget;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The copy reads the model's snapshot kcopyd clients issued, per origin device, counted where they were issued.
 * The model's side of {@code fidelity} counts a worker's bio to a mapped device by its remap there, the kernel's by
 * its {@code Q}; a read the device ends without remapping it leaves a {@code Q} in the kernel's trace and no remap
 * in the model. That is the case of a snapshot's copy read of a thin volume's unprovisioned block: the pool worker
 * zero-fills it ({@code provision_block} on a read, drivers/md/dm-thin.c v6.1). Counted by remaps, the model's
 * copy reads of such an origin were a third of the kernel's though it issued as many.
 */
final class KcopydCopyReads {
    private KcopydCopyReads() {
    }

    /** Mapped origin device name → copy reads issued to it by every snapshot's kcopyd client. */
    static Map<String, Long> of(Machine m) {
        Map<String, Long> out = new TreeMap<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (BlockDevice d : m.devices()) {
            if (!(d instanceof MappedDevice md)) {
                continue;
            }
            for (Target t : md.table().targets()) {
                if (t instanceof SnapshotTarget st && seen.put(st.snapshot(), Boolean.TRUE) == null) {
                    for (DmIoClient.IoCount c : st.snapshot().workerIo()) {
                        if (c.cls() == IoClass.COPY_READ && m.deviceOrNull(c.device()) instanceof MappedDevice) {
                            out.merge(c.device(), c.bios(), Long::sum);
                        }
                    }
                }
            }
        }
        return out;
    }
}
