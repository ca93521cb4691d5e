package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.stack.Machine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names worker-issued I/O (a {@code Q} no remap explains) by what the target issuing it does on that device, the
 * same way for kernel and model, from the device's role in the table and the bio's rwbs:
 * <ul>
 *   <li>snapshot (drivers/md/dm-snap.c, dm-snap-persistent.c v6.1): on the origin, kcopyd's chunk reads
 *       ("copy read"); on the COW device, writes with FUA are the exception store's commits
 *       ({@code persistent_commit_exception} → {@code area_io} with {@code REQ_PREFLUSH | REQ_FUA}), other writes
 *       are kcopyd's chunk writes or the zeroing of a new metadata area ({@code zero_disk_area}), which look the
 *       same in a trace ("copy or zeroing write"), reads are the store's metadata reads;</li>
 *   <li>thin-pool (drivers/md/dm-thin.c, dm-thin-metadata.c v6.1): on the data device, reads are copy reads of a
 *       shared block being broken, writes are block zeroing ({@code ll_zero}) or copy writes, discards are
 *       passdown; on the metadata device, writes with a flush or FUA and empty flushes are commits
 *       ({@code dm_pool_commit_metadata}), other writes and reads are dm-bufio's metadata I/O.</li>
 * </ul>
 * Any other device keeps the plain class of {@link KernelSide#ioClass}.
 */
final class WorkerIoClasses {
    /** The class of an origin write dm-snapshot held until its chunk was copied and then resubmitted. */
    static final String RELEASED = "snapshot-origin write released after its copy";
    private final Map<String, String> roles;

    WorkerIoClasses(Map<String, String> roles) {
        this.roles = roles;
    }

    /** No roles: every device gets the plain class. */
    static WorkerIoClasses none() {
        return new WorkerIoClasses(Map.of());
    }

    /** The roles of the devices of the machine's snapshot and thin-pool targets. */
    static WorkerIoClasses of(Machine m) {
        Map<String, String> roles = new HashMap<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    List<BlockDevice> devs = t.devices();
                    switch (t.type()) {
                        case "snapshot", "snapshot-merge" -> {
                            roles.putIfAbsent(devs.get(0).name, "snapshot-origin");
                            roles.put(devs.get(1).name, "snapshot-cow");
                        }
                        case "snapshot-origin" -> roles.putIfAbsent(devs.get(0).name, "snapshot-origin");
                        case "thin-pool" -> {
                            roles.put(devs.get(0).name, "thin-metadata");
                            roles.put(devs.get(1).name, "thin-data");
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return new WorkerIoClasses(roles);
    }

    /** The class of a worker-issued bio of {@code rwbs} and {@code sectors} on {@code device}. */
    String classify(String device, String rwbs, int sectors) {
        String role = device == null ? null : roles.get(device);
        if (role == null) {
            return KernelSide.ioClass(rwbs, sectors);
        }
        boolean preflush = rwbs.startsWith("F");
        boolean fua = rwbs.indexOf('F', 1) > 0;
        boolean write = rwbs.contains("W");
        boolean discard = rwbs.contains("D");
        String what = switch (role) {
            case "snapshot-origin" -> write ? "write released after its copy" : "copy read";
            case "snapshot-cow" -> write ? (fua || preflush ? "metadata commit" : "copy or zeroing write")
                    : sectors == 0 && preflush ? "flush" : "metadata read";
            case "thin-data" -> discard ? "discard passdown" : write ? "zeroing or copy write"
                    : sectors == 0 && preflush ? "flush" : "copy read";
            case "thin-metadata" -> preflush || fua ? "commit" : write ? "metadata write" : "metadata read";
            default -> KernelSide.ioClass(rwbs, sectors);
        };
        return role + " " + what;
    }
}
