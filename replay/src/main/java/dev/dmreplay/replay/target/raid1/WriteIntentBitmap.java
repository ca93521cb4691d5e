package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * md's write-intent bitmap (drivers/md/md-bitmap.c, v4.12–v6.1 semantics) as far as it causes I/O: one bit per
 * chunk ({@code region_size} under dm-raid), a 16-bit counter per chunk, bitmap pages of 32768 bits.
 * <ul>
 *   <li>{@code md_bitmap_startwrite} (in the submitter): a chunk whose counter is 0 gets its bit set and its page
 *       marked dirty; the counter becomes 2 and counts each write on top.</li>
 *   <li>{@code md_bitmap_unplug} (raid1d, before it submits queued writes): every dirty page is written to each
 *       member's metadata device ({@code write_sb_page} → {@code md_super_write}: REQ_PREFLUSH|REQ_FUA|REQ_SYNC,
 *       4 KiB at bitmap offset 8 sectors + page) and raid1d waits for them ({@code bitmap->write_wait}).</li>
 *   <li>{@code md_bitmap_endwrite}: the counter drops; at 2 the chunk becomes a candidate for clearing.</li>
 *   <li>{@code md_bitmap_daemon_work} (every {@code daemon_sleep}, 5 s): a counter at 2 goes to 1, a counter at 1
 *       goes to 0 and its bit is cleared (page written again); not while a resync is running.</li>
 * </ul>
 * A new bitmap (dm-raid's {@code MD_ARRAY_FIRST_USE} → {@code md_bitmap_new_disk_sb} sets BITMAP_STALE, v6.1)
 * starts with every bit set: {@code md_bitmap_init_from_disk} calls {@code md_bitmap_set_memory_bits} for every
 * chunk (counter 2, NEEDED), so the writes of a new array dirty no page until the daemon has cleared bits after
 * the resync. The bitmap is the page store of {@code md_bitmap_storage_alloc}: a 256-byte {@code bitmap_super_t}
 * followed by one bit per chunk, page 0 shared with the bitmap superblock; {@code write_sb_page} writes a page at
 * bitmap offset + 8 sectors per page, the last page only up to its used bytes rounded up to the logical block
 * size (512 bytes here), through {@code md_super_write} (REQ_SYNC|REQ_IDLE|REQ_META|REQ_PREFLUSH|REQ_FUA).
 *
 * <p>Departures: the daemon timer is armed only while some chunk waits to be cleared (the kernel wakes the md
 * thread every daemon_sleep regardless), so an idle model can end; bitmap pages are written to the metadata
 * devices of non-faulty members only; a new bitmap's NEEDED flags are not kept (the resync copies every chunk).
 */
final class WriteIntentBitmap {
    static final long BITS_PER_PAGE = 4096L * 8;
    /** {@code sizeof(bitmap_super_t)}: the bits of an internal bitmap follow it in page 0. */
    static final long BITMAP_SUPER_BYTES = 256;
    /** The metadata devices' logical block size ({@code bdev_logical_block_size}), the unit of a short write. */
    static final long LOGICAL_BLOCK_BYTES = 512;
    /** dm-raid puts the bitmap 4 KiB into the metadata device. */
    static final long BITMAP_OFFSET_SECTORS = 8;
    static final long DAEMON_SLEEP_NS = 5_000_000_000L;

    private final Raid1Conf conf;
    private final Kernel kernel;
    final long chunkSectors;
    private final TreeMap<Long, Integer> counters = new TreeMap<>();
    private final TreeSet<Long> dirtyPages = new TreeSet<>();
    private final List<Bio> inFlight = new ArrayList<>();
    final WaitQueue writeWait;
    private boolean daemonArmed;
    boolean daemonDue;
    private long pageWrites;
    private long bitsSet;
    private long bitsCleared;

    /** {@code bitmap->counts.chunks}. */
    private final long chunks;
    /** {@code store->bytes}: the bitmap superblock and one bit per chunk. */
    private final long storeBytes;

    /**
     * @param newBitmap a bitmap dm-raid asked md to create ({@code MD_ARRAY_FIRST_USE}): every bit set
     */
    WriteIntentBitmap(Raid1Conf conf, long chunkSectors, boolean newBitmap) {
        this.conf = conf;
        this.kernel = conf.kernel;
        this.chunkSectors = chunkSectors;
        this.chunks = (conf.devSectors + chunkSectors - 1) / chunkSectors;
        this.storeBytes = BITMAP_SUPER_BYTES + (chunks + 7) / 8;
        this.writeWait = new WaitQueue("bitmap->write_wait of " + conf.name, () -> new ArrayList<>(inFlight));
        if (newBitmap) {
            // md_bitmap_init_from_disk, BITMAP_STALE: md_bitmap_set_memory_bits(chunk, needed) for every chunk
            for (long c = 0; c < chunks; c++) {
                counters.put(c, 2);
            }
            // bitmap->allclean is 0: the md thread runs md_bitmap_daemon_work every daemon_sleep from now on
            armDaemon();
        }
    }

    /** {@code file_page_index()}: the bitmap page that holds chunk {@code c}'s bit. */
    static long pageOf(long c) {
        return (c / 8 + BITMAP_SUPER_BYTES) / 4096;
    }

    /** Bytes {@code write_sb_page} writes of page {@code page}: a whole page, or the last one's used part rounded up. */
    int pageWriteSectors(long page) {
        long lastPage = (storeBytes - 1) / 4096;
        if (page < lastPage) {
            return 8;
        }
        long used = storeBytes - lastPage * 4096;
        long bytes = (used + LOGICAL_BLOCK_BYTES - 1) / LOGICAL_BLOCK_BYTES * LOGICAL_BLOCK_BYTES;
        return (int) (bytes / 512);
    }

    long pageWrites() {
        return pageWrites;
    }

    long bitsSet() {
        return bitsSet;
    }

    long bitsCleared() {
        return bitsCleared;
    }

    /** {@code md_bitmap_startwrite(bitmap, sector, sectors)}. */
    void startWrite(long sector, long sectors) {
        for (long c = sector / chunkSectors; c <= (sector + Math.max(sectors, 1) - 1) / chunkSectors; c++) {
            int bmc = counters.getOrDefault(c, 0);
            if (bmc == 0) {
                dirtyPages.add(pageOf(c));
                bitsSet++;
            }
            if (bmc <= 1) {
                bmc = 2;
            }
            counters.put(c, bmc + 1);
        }
    }

    /** {@code md_bitmap_endwrite()}: a chunk back at 2 may be cleared by the daemon. */
    void endWrite(long sector, long sectors) {
        boolean pending = false;
        for (long c = sector / chunkSectors; c <= (sector + Math.max(sectors, 1) - 1) / chunkSectors; c++) {
            int bmc = counters.getOrDefault(c, 0) - 1;
            counters.put(c, Math.max(bmc, 0));
            pending |= bmc <= 2;
        }
        if (pending) {
            armDaemon();
        }
    }

    private void armDaemon() {
        if (daemonArmed) {
            return;
        }
        daemonArmed = true;
        kernel.sim.after(DAEMON_SLEEP_NS, () -> {
            daemonArmed = false;
            daemonDue = true;
            conf.wakeupThread();
        });
    }

    boolean hasDirtyPages() {
        return !dirtyPages.isEmpty();
    }

    /** {@code md_bitmap_daemon_work()}: the two-pass clearing of idle chunks; re-arms while work is left. */
    void daemonWork(boolean resyncRunning) {
        daemonDue = false;
        if (resyncRunning) {
            armDaemon();
            return;
        }
        boolean again = false;
        for (var e : counters.entrySet()) {
            int bmc = e.getValue();
            if (bmc == 1) {
                e.setValue(0);
                dirtyPages.add(pageOf(e.getKey()));
                bitsCleared++;
            } else if (bmc == 2) {
                e.setValue(1);
                again = true;
            }
        }
        counters.values().removeIf(v -> v == 0);
        if (again) {
            armDaemon();
        }
    }

    /** {@code md_bitmap_unplug()}: writes every dirty page to each member's metadata device and waits. */
    Frame unplug() {
        return new Unplug(null);
    }

    /**
     * {@code md_bitmap_update_sb()} (from {@code md_update_sb}, v6.1): {@code write_page} of the superblock page
     * (page 0) with wait; dirty pages stay dirty.
     */
    Frame updateSb() {
        return new Unplug(0L);
    }

    private final class Unplug extends Frame {
        /** md_bitmap_unplug(), v6.1: each dirty page → {@code write_sb_page} → {@code md_super_write} per member. */
        private static final int WRITE_DIRTY_PAGES = 0;
        /** md_super_write(), v6.1: {@code submit_bio} of the next page write. */
        private static final int SUBMIT_PAGE_WRITES = 1;
        /** md_bitmap_wait_writes(), v6.1: every page write submitted; wait for them, first test. */
        private static final int WAIT_WRITES = 2;
        /** md_bitmap_wait_writes(), v6.1: woken; test the pending page writes again. */
        private static final int WAIT_WRITES_WOKEN = 3;

        private MetadataWrites writes;
        /** Only this page (md_bitmap_update_sb), or null for every dirty page (md_bitmap_unplug). */
        private final Long only;

        Unplug(Long only) {
            this.only = only;
        }

        @Override
        public Step step(Task t) {
            if (pc == WRITE_DIRTY_PAGES) {
                writes = new MetadataWrites(conf, inFlight, writeWait, "md_bitmap_unplug");
                for (long page : only != null ? List.of(only) : dirtyPages) {
                    writes.addPerMember(BITMAP_OFFSET_SECTORS + page * 8, pageWriteSectors(page));
                }
                if (only == null) {
                    dirtyPages.clear();
                }
                pc = SUBMIT_PAGE_WRITES;
            }
            if (pc == SUBMIT_PAGE_WRITES) {
                if (writes.submitRemaining(t, () -> pageWrites++) == CALL) {
                    return CALL;
                }
                pc = WAIT_WRITES;
            }
            Step sleep = writes.awaitAll(t, pc == WAIT_WRITES_WOKEN);
            if (sleep != null) {
                pc = WAIT_WRITES_WOKEN;
                return sleep;
            }
            return RETURN;
        }

        @Override
        public String function() {
            return (only == null ? "md_bitmap_unplug(" : "md_bitmap_update_sb(") + conf.name + ")";
        }
    }
}
