package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.target.LinearTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ties an origin write that dm-snapshot held for a chunk copy back to the top-level write it belongs to, the same
 * way for kernel and model, so that fidelity compares <em>which</em> top-level writes triggered a copy.
 *
 * <p>Why it is needed: {@code origin_map} → {@code do_origin} → {@code __origin_write} (drivers/md/dm-snap.c, v6.1)
 * parks a write to a chunk not yet copied on {@code pe->origin_bios} and returns {@code DM_MAPIO_SUBMITTED}, so
 * {@code __map_bio} emits no remap record for it. When the copy completes, {@code pending_complete} →
 * {@code retry_origin_bios} → {@code do_origin} submits it from the kcopyd worker: in the trace it is a {@code Q}
 * on the origin's real device with no {@code A} before it, indistinguishable by links from kcopyd's own I/O. The
 * snapshot-origin target does not move the sector ({@code origin_map} only changes the device), so the released
 * write is found again as the open top-level bio of a snapshot-origin device over that real device covering its
 * sector. The model's released write is seen one level further down when the real device is a dm-linear device
 * (its REMAP carries the sector on the linear's lower device), so {@link #sectorOnDevice} undoes the linear remap.
 * Below any other target (a thin volume as the origin moves it to a pool block) the model side ties the released
 * write to the top-level bio whose DM clone it is (the clone DM allocated from the snapshot-origin's
 * {@code md->io_bs} while the submitter mapped that bio) at the sector the clone started at.
 */
final class HeldOriginWrites {
    /** The target name given to a released write in a top-level bio's lower bios. */
    static final String TARGET = "snapshot-origin, held for its copy";

    private record LinearPiece(String lower, long start, long begin, long len) {
    }

    private final Map<String, List<String>> uppers;
    private final Map<String, List<LinearPiece>> linear;

    /** Every snapshot-origin device ({@link #isUpper}, asked per top-level bio). */
    private final Set<String> upperNames;

    private HeldOriginWrites(Map<String, List<String>> uppers, Map<String, List<LinearPiece>> linear) {
        this.uppers = uppers;
        this.linear = linear;
        Set<String> names = new HashSet<>();
        uppers.values().forEach(names::addAll);
        this.upperNames = Set.copyOf(names);
    }

    /** Knows no snapshot-origin: attributes nothing. */
    static HeldOriginWrites none() {
        return new HeldOriginWrites(Map.of(), Map.of());
    }

    /** The snapshot-origin devices of the machine and the dm-linear tables below them. */
    static HeldOriginWrites of(Machine m) {
        Map<String, List<String>> uppers = new HashMap<>();
        Map<String, List<LinearPiece>> linear = new HashMap<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    if (t.type().equals("snapshot-origin")) {
                        uppers.computeIfAbsent(t.devices().get(0).name, k -> new ArrayList<>()).add(md.name);
                    } else if (t instanceof LinearTarget lt) {
                        linear.computeIfAbsent(md.name, k -> new ArrayList<>())
                                .add(new LinearPiece(lt.devices().get(0).name, lt.start(), lt.begin, lt.len));
                    }
                }
            }
        }
        return new HeldOriginWrites(uppers, linear);
    }

    /** Whether {@code device} is a snapshot-origin device. */
    boolean isUpper(String device) {
        return upperNames.contains(device);
    }

    /** The snapshot-origin devices whose origin is {@code device} (empty: none). */
    List<String> uppers(String device) {
        return uppers.getOrDefault(device, List.of());
    }

    /**
     * The sector on mapped device {@code device} that dm-linear sent to {@code sector} of {@code lower}, or -1
     * when no linear segment of its table maps there.
     */
    long sectorOnDevice(String device, String lower, long sector) {
        for (LinearPiece p : linear.getOrDefault(device, List.of())) {
            if (p.lower().equals(lower) && sector >= p.start() && sector < p.start() + p.len()) {
                return p.begin() + (sector - p.start());
            }
        }
        return -1;
    }

    /** Whether a worker bio of class {@code ioClass} (as {@link WorkerIoClasses} names it) is a released write. */
    static boolean released(String ioClass) {
        return ioClass.equals(WorkerIoClasses.RELEASED);
    }
}
