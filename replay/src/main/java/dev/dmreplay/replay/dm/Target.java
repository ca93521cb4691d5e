package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * {@code struct dm_target} with its {@code target_type} (include/linux/device-mapper.h, v4.16): the extent in
 * the table, the splitting limits set by the constructor ({@code max_io_len}, {@code num_*_bios},
 * {@code split_discard_bios}) and the {@code map}/{@code end_io} methods.
 *
 * <p>{@link #map} runs in the submitting task with its {@code bio_list} pending. It returns a {@link DmMapio}
 * ({@code DM_MAPIO_*}), or {@link DmMapio#CALLED} after pushing a frame on {@code t} (a map that may sleep: the
 * frame stores the {@code DM_MAPIO_*} in {@link TargetIo#mapio} before it returns). A target may queue the clone
 * privately and return {@link DmMapio#SUBMITTED}, and may call {@link TargetIo#acceptPartial}
 * ({@code dm_accept_partial_bio}).
 *
 * <p>A new target is a subclass with a constructor {@code (TargetContext, begin, len, XxxArgs)} registered in
 * {@code stack.TargetTypes}.
 */
public abstract class Target {
    public final long begin;
    public final long len;
    protected long maxIoLen;
    protected int numFlushBios;
    protected int numDiscardBios;
    protected int numSecureEraseBios;
    protected int numWriteSameBios;
    protected int numWriteZeroesBios;
    protected boolean splitDiscardBios;

    protected Target(long begin, long len) {
        this.begin = begin;
        this.len = len;
    }

    public abstract String type();

    /** The devices this target maps to (for the stacking graph). */
    public abstract List<BlockDevice> devices();

    public abstract DmMapio map(Task t, TargetIo tio);

    /** {@code end_io}, in completion context (must not sleep). */
    public DmEndio endIo(TargetIo tio) {
        return DmEndio.DONE;
    }

    /**
     * True when the target issues the I/O to its devices itself, without a block-layer remap record (dm-raid emits
     * no {@code A} at all; mirror writes and resync copies come from a worker): in a recorded trace, Q events on
     * its devices are then the target's own I/O, which the model makes again, not application I/O.
     */
    public boolean issuesOwnLowerIo() {
        return false;
    }

    /**
     * Devices this target sends I/O to from its own threads (a pool worker's deferred bios, kcopyd, metadata
     * writes): in a recorded trace their {@code Q} records that no remap explains are the target's own I/O, which
     * the model issues itself, not I/O from outside the stack.
     */
    public List<BlockDevice> ownIoDevices() {
        return List.of();
    }

    /** Mempools the target allocates from itself (e.g. md raid1's {@code r1bio_pool}, dm-crypt's page pool and bioset), for run summaries. */
    public List<dev.dmreplay.replay.block.Mempool> mempools() {
        return List.of();
    }

    /**
     * True for targets that issue I/O of their own from kernel workers (kcopyd copies, exception-store metadata,
     * held bios resubmitted by a worker). A trace of a stack with such a target shows that I/O as worker-issued
     * {@code Q}s below the top devices; a replay leaves it to the model instead of submitting it again.
     */
    public boolean issuesOwnIo() {
        return false;
    }

    public long maxIoLen() {
        return maxIoLen;
    }

    public int numFlushBios() {
        return numFlushBios;
    }

    public int numBiosFor(dev.dmreplay.replay.block.Op op) {
        return switch (op) {
            case DISCARD -> numDiscardBios;
            case SECURE_ERASE -> numSecureEraseBios;
            case WRITE_SAME -> numWriteSameBios;
            case WRITE_ZEROES -> numWriteZeroesBios;
            default -> 1;
        };
    }

    public boolean splitDiscardBios() {
        return splitDiscardBios;
    }

    /** {@code dm_target_offset()}. */
    public long offset(long sector) {
        return sector - begin;
    }

    /** {@code max_io_len()} (drivers/md/dm.c v4.16): to the end of the target or the next max_io_len boundary. */
    public long maxIoLenAt(long sector) {
        long l = len - (sector - begin);
        if (maxIoLen > 0) {
            long off = sector - begin;
            l = Math.min(l, maxIoLen - (off % maxIoLen));
        }
        return l;
    }

    @Override
    public String toString() {
        return begin + " " + len + " " + type();
    }
}
