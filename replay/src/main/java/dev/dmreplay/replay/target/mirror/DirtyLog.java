package dev.dmreplay.replay.target.mirror;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * dm-mirror's dirty log (drivers/md/dm-log.c, v6.1): the {@code core} log (bitmaps in memory) and the {@code disk}
 * log (the same bitmaps, written to the log device by {@code disk_flush}: when a bit was set since the last flush
 * ({@code touched_cleaned}) first the mirror's {@code flush_callback_fn}, dm-raid1's {@code mirror_flush}, an empty
 * REQ_PREFLUSH to sector 0 of every leg, so that no region is recorded clean before its writes are stable; then
 * the header and clean bits in one synchronous dm-io write of the log area from sector 0; then an empty
 * REQ_PREFLUSH to the log device when a bit was cleared since the last flush ({@code touched_dirtied},
 * {@code flush_header})). Every bit operation touches: {@code log_set_bit} sets {@code touched_cleaned} and
 * {@code log_clear_bit} sets {@code touched_dirtied}, whichever bitmap it changes: so {@code get_resync_work}
 * (a recovering bit set) and {@code set_region_sync} (the recovering bit cleared, the sync bit set) make a disk
 * log write, and a leg flush, for every region recovered. {@code clean_bits}: the region has no writes in flight;
 * {@code sync_bits}: the legs hold the same data. {@code get_resync_work} hands out the next region that is not
 * in sync. Departures: the log's own failure handling ({@code fail_log_device}) and {@code block_on_error} are
 * not modelled; the disk log area is written whole at each flush.
 */
final class DirtyLog {
    /** {@code LOG_OFFSET}: the header occupies the first sectors; bits follow (dm-log.c: 2 sectors). */
    static final long LOG_OFFSET = 2;

    final boolean disk;
    private final BlockDevice logDev;
    /** The legs {@code mirror_flush} flushes before a write that records regions clean. */
    private final List<BlockDevice> legs;
    private final DmIoClient io;
    final long regions;
    private final BitSet cleanBits = new BitSet();
    private final BitSet syncBits = new BitSet();
    private boolean touchedDirtied;
    private boolean touchedCleaned;
    private long syncSearch;
    private long flushes;

    DirtyLog(boolean disk, BlockDevice logDev, List<BlockDevice> legs, DmIoClient io, long regions, boolean nosync) {
        this.disk = disk;
        this.logDev = logDev;
        this.legs = List.copyOf(legs);
        this.io = io;
        this.regions = regions;
        cleanBits.set(0, (int) regions);
        if (nosync) {
            syncBits.set(0, (int) regions);
        }
    }

    boolean inSync(long region) {
        return syncBits.get((int) region);
    }

    boolean isClean(long region) {
        return cleanBits.get((int) region);
    }

    /** {@code mark_region}: a write is about to go to a clean region. */
    void markRegion(long region) {
        cleanBits.clear((int) region);
        touchedDirtied = true;
    }

    /** {@code clear_region}: the region's writes have all completed. */
    void clearRegion(long region) {
        cleanBits.set((int) region);
        touchedCleaned = true;
    }

    /** The region {@link #getResyncWork} would hand out next, without taking it; -1 when none. */
    long peekResyncWork() {
        int r = syncBits.nextClearBit((int) syncSearch);
        return r >= regions ? -1 : r;
    }

    /**
     * {@code core_get_resync_work}: the next region not in sync, or -1. Taking one sets its recovering bit
     * ({@code log_set_bit}), which touches the log as cleaned.
     */
    long getResyncWork() {
        int r = syncBits.nextClearBit((int) syncSearch);
        if (r >= regions) {
            return -1;
        }
        syncSearch = r + 1;
        touchedCleaned = true;
        return r;
    }

    /**
     * {@code core_set_region_sync}: the recovering bit is cleared ({@code log_clear_bit}: touched as dirtied,
     * whatever its value); in sync: the sync bit is set (touched as cleaned); out of sync: a set sync bit is cleared.
     */
    void setRegionSync(long region, boolean inSync) {
        touchedDirtied = true;
        if (inSync) {
            syncBits.set((int) region);
            touchedCleaned = true;
        } else {
            syncBits.clear((int) region);
            if (region < syncSearch) {
                syncSearch = region;
            }
        }
    }

    long syncCount() {
        return syncBits.cardinality();
    }

    long flushes() {
        return flushes;
    }

    boolean needsFlush() {
        return disk && (touchedDirtied || touchedCleaned);
    }

    /** Sectors of the disk log area: header plus one bit per region, rounded up to a sector. */
    long areaSectors() {
        return LOG_OFFSET + (regions + 4095) / 4096;
    }

    /** {@code flush()}: nothing for the core log; the disk log's synchronous writes, from the calling task. */
    Frame flush() {
        return new Flush();
    }

    private final class Flush extends Frame {
        private boolean dirtied;

        /**
         * {@code disk_flush()}, v6.1: nothing touched: return; bits set since the last flush: the mirror's
         * {@code mirror_flush} first, one synchronous dm-io of empty REQ_PREFLUSH|REQ_SYNC writes to every leg.
         */
        private static final int MIRROR_FLUSH = 0;
        /** {@code disk_flush()} → {@code rw_header()}, v6.1: header + bits, one sync dm-io write. */
        private static final int WRITE_LOG_AREA = 3;
        /** {@code disk_flush()} → {@code flush_header()}, v6.1: regions were dirtied: an empty REQ_PREFLUSH. */
        private static final int FLUSH_HEADER = 1;
        /** {@code disk_flush()}, v6.1: the log is on disk (the {@code default} branch returns). */
        private static final int LOG_FLUSHED = 2;

        @Override
        public Step step(Task t) {
            switch (pc) {
                case MIRROR_FLUSH -> {
                    if (!needsFlush()) {
                        return RETURN;
                    }
                    // the kernel clears the flags after its writes; every bit is touched from kmirrord itself, so
                    // none is touched while it sleeps here and clearing them first is the same
                    dirtied = touchedDirtied;
                    boolean cleaned = touchedCleaned;
                    touchedDirtied = false;
                    touchedCleaned = false;
                    flushes++;
                    if (cleaned && !legs.isEmpty()) {
                        pc = WRITE_LOG_AREA;
                        List<Region> all = new ArrayList<>(legs.size());
                        for (BlockDevice leg : legs) {
                            all.add(new Region(leg, 0, 0));
                        }
                        return t.call(io.sync(Op.WRITE, Bio.PREFLUSH | Bio.SYNC, all, IoClass.LEG_FLUSH));
                    }
                    return writeLogArea(t);
                }
                case WRITE_LOG_AREA -> {
                    return writeLogArea(t);
                }
                case FLUSH_HEADER -> {
                    pc = LOG_FLUSHED;
                    return t.call(io.sync(Op.WRITE, Bio.PREFLUSH | Bio.SYNC, List.of(new Region(logDev, 0, 0)),
                            IoClass.LOG_WRITE));
                }
                default -> {
                    return RETURN;
                }
            }
        }

        /** {@code rw_header()}: the header and bits in one synchronous write from sector 0 of the log device. */
        private Step writeLogArea(Task t) {
            pc = dirtied ? FLUSH_HEADER : LOG_FLUSHED;
            return t.call(io.sync(Op.WRITE, Bio.SYNC, List.of(new Region(logDev, 0, areaSectors())),
                    IoClass.LOG_WRITE));
        }

        @Override
        public String function() {
            return "disk_flush";
        }
    }
}
