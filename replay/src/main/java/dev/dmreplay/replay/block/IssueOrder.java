package dev.dmreplay.replay.block;

import java.util.HashMap;
import java.util.Map;

/**
 * The order in which bios reach the disks (docs/kernel-model.md §2.6): recorded where a leaf turns a bio into a
 * request ({@code blk_mq_submit_bio} after splitting), so the order is the one {@code current->bio_list} handling
 * produced, not the device's completion order. Not kernel state: a measurement of the model.
 * <ul>
 *   <li>a <em>stream inversion</em>: a write issued to a device (to a zone, on a zoned device) below the sector of
 *       the previous write the same submitting task issued there — what a zoned disk rejects as an unaligned
 *       write, and what a sequential-write workload sees as a seek;</li>
 *   <li>a <em>piece inversion</em>: a piece of a split bio (read or write) issued to a device below a piece of the
 *       same original bio issued there before it — the 6.18 fix's "0, 1M, 512k, 1536k".</li>
 * </ul>
 * An issue that is both counts once in {@link Stats#outOfOrder()}.
 */
public final class IssueOrder {
    private record StreamKey(String device, String task, long zone) {
    }

    private final Map<StreamKey, Long> lastWrite = new HashMap<>();
    /**
     * The last piece issued per original bio and device. Bounded: the pieces of one bio reach the disks close
     * together, so forgetting the oldest originals costs nothing but keeps long trace replays small.
     */
    private final RecentPieces lastPiece = new RecentPieces(PIECES_REMEMBERED);
    private static final int PIECES_REMEMBERED = 1 << 16;
    /** A number per device name, for {@link RecentPieces#key}; the last name looked up is kept. */
    private final Map<String, Integer> deviceNumbers = new HashMap<>();
    private String lastDevice;
    private int lastDeviceNumber;
    private long issues;
    private long outOfOrder;
    private long writeInversions;
    private long pieceInversions;
    private long unalignedWrites;

    /**
     * Counts of one run.
     *
     * @param issues           bios issued to leaves (after leaf splitting, before merging)
     * @param outOfOrder       issues that were a stream or a piece inversion (each counted once)
     * @param writeInversions  writes issued below the same task's previous write to the same device or zone
     * @param pieceInversions  pieces issued below an earlier piece of the same original bio on the same device
     * @param unalignedWrites  writes a zoned leaf failed because they were not at the zone's write pointer
     */
    public record Stats(long issues, long outOfOrder, long writeInversions, long pieceInversions,
                        long unalignedWrites) {
        public static final Stats NONE = new Stats(0, 0, 0, 0, 0);
    }

    /**
     * Records that {@code bio} reached leaf {@code device} from task {@code task} ({@code null}: completion context);
     * {@code zoneSectors} is the device's zone size (0: not zoned). Returns whether the issue was out of order.
     */
    public boolean issued(String device, String task, Bio bio, long zoneSectors) {
        if (bio.sectors == 0) {
            return false;
        }
        issues++;
        boolean inverted = false;
        if (bio.op != null && bio.op.isWrite() && !bio.op.abnormal()) {
            long zone = zoneSectors > 0 ? bio.sector / zoneSectors : 0;
            Long prev = lastWrite.put(new StreamKey(device, task == null ? "" : task, zone), bio.sector);
            if (prev != null && bio.sector < prev) {
                writeInversions++;
                inverted = true;
            }
        }
        long prevPiece = lastPiece.put(RecentPieces.key(deviceNumber(device), bio.rootId()), bio.sector);
        if (!RecentPieces.none(prevPiece) && bio.sector < prevPiece) {
            pieceInversions++;
            inverted = true;
        }
        if (inverted) {
            outOfOrder++;
        }
        return inverted;
    }

    private int deviceNumber(String device) {
        if (!java.util.Objects.equals(device, lastDevice) || deviceNumbers.isEmpty()) {
            Integer n = deviceNumbers.get(device);
            if (n == null) {
                if (deviceNumbers.size() == 1 << 16) {
                    throw new IllegalStateException("more than 65536 leaf devices");
                }
                n = deviceNumbers.size();
                deviceNumbers.put(device, n);
            }
            lastDevice = device;
            lastDeviceNumber = n;
        }
        return lastDeviceNumber;
    }

    /** A zoned leaf failed a write that was not at the write pointer. */
    public void unalignedWrite() {
        unalignedWrites++;
    }

    public Stats stats() {
        return new Stats(issues, outOfOrder, writeInversions, pieceInversions, unalignedWrites);
    }
}
