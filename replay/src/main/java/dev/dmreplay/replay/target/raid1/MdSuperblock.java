package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * md's superblock updates of an array on dm-raid metadata devices (drivers/md/md.c, v6.1, read in 6.1.166), the
 * metadata I/O a dm-raid raid1 issues besides bitmap bits:
 * <ul>
 *   <li>{@code mddev->sb_flags} (CHANGE_CLEAN, CHANGE_DEVS, CHANGE_PENDING) are set by the resync checkpoints
 *       ({@code md_do_sync}: every {@code max_sectors >> 4} sectors, {@code curr_resync_completed}), by the end of
 *       a resync ({@code md_do_sync} sets PENDING|DEVS, then {@code md_reap_sync_thread} forces one more
 *       {@code md_update_sb}), by {@code md_write_start} when a write finds the array clean, and by
 *       {@code set_in_sync} when the safemode timer finds no write pending;</li>
 *   <li>{@code md_check_recovery} (called by raid1d before anything else) runs {@code md_update_sb}:
 *       {@code md_bitmap_update_sb} (the bitmap superblock page, written with wait), then {@code md_super_write} of
 *       each member's superblock (sector 0 of its metadata device, one logical block: dm-raid's
 *       {@code sb_size}), then {@code md_super_wait}; all with REQ_PREFLUSH|REQ_FUA|REQ_META|REQ_SYNC. It clears
 *       CHANGE_PENDING and wakes {@code mddev->sb_wait}, where writers that made the array dirty wait;</li>
 *   <li>safemode ({@code DEFAULT_SAFEMODE_DELAY}, 200 ms): {@code md_write_end} arms the timer at
 *       {@code roundup(jiffies, delay) + delay}; when it fires, {@code md_check_recovery} marks the array clean
 *       ({@code set_in_sync}) if no write is pending, which is one more {@code md_update_sb}.</li>
 * </ul>
 * dm-raid's {@code raid_resume} leaves {@code in_sync} 0 ("assume already marked dirty"), so the first writes
 * after the resume do not wait for a superblock update; only writes after a safemode clean do.
 *
 * <p>Departures: the superblock updates of the resume itself (dmsetup's {@code raid_preresume} and
 * {@code md_bitmap_load}) happen before a replay starts and are not issued; jiffies are 1 ns here, so the
 * safemode timer's round-up is to a multiple of 200 ms of virtual time.
 */
final class MdSuperblock {
    /** {@code DEFAULT_SAFEMODE_DELAY}. */
    static final long SAFEMODE_DELAY_NS = 200_000_000L;
    /** dm-raid superblock: sector 0 of the metadata device. */
    static final long SB_SECTOR = 0;
    /** dm-raid's {@code rdev->sb_size}: the metadata device's logical block size. */
    static final int SB_SECTORS = 1;

    private final Raid1Conf conf;
    final WaitQueue sbWait;
    private final WaitQueue superWait;
    private final List<Bio> inFlight = new ArrayList<>();
    private boolean changeClean;
    private boolean changeDevs;
    private boolean changePending;
    /** Forced by {@code md_reap_sync_thread}'s {@code md_update_sb(mddev, 1)}. */
    private boolean forced;
    /** {@code mddev->in_sync}: the superblock says clean. */
    private boolean inSync;
    /** {@code mddev->writes_pending}. */
    private int writesPending;
    /** {@code mddev->safemode == 1}. */
    private boolean safemode;
    private long safemodeExpires = -1;
    private long updates;
    private long superWrites;

    MdSuperblock(Raid1Conf conf) {
        this.conf = conf;
        this.sbWait = new WaitQueue("mddev->sb_wait (superblock update) of " + conf.name, List::of);
        this.superWait = new WaitQueue("mddev->sb_wait (md_super_wait) of " + conf.name,
                () -> new ArrayList<>(inFlight));
    }

    long updates() {
        return updates;
    }

    long superWrites() {
        return superWrites;
    }

    /** md_do_sync's checkpoint: {@code set_bit(MD_SB_CHANGE_CLEAN)}. */
    void resyncCheckpoint() {
        changeClean = true;
    }

    /** End of md_do_sync ({@code set_mask_bits(PENDING|DEVS)}) and md_reap_sync_thread's forced update. */
    void resyncDone() {
        changePending = true;
        changeDevs = true;
        forced = true;
        conf.wakeupThread();
    }

    /** Whether {@code md_check_recovery} has work for {@code md_update_sb}. */
    boolean due() {
        return changeClean || changeDevs || forced || safemode;
    }

    /** {@code md_write_start()} for a write: pushes a frame that waits while a dirty-marking update is pending. */
    Frame writeStart() {
        return new WriteStart();
    }

    /** {@code md_write_end()} (completion context): re-arm the safemode timer. */
    void writeEnd() {
        writesPending--;
        long now = conf.kernel.sim.now();
        long at = (now / SAFEMODE_DELAY_NS + 1) * SAFEMODE_DELAY_NS + SAFEMODE_DELAY_NS;
        if (at == safemodeExpires) {
            return;
        }
        safemodeExpires = at;
        conf.kernel.sim.after(at - now, () -> {
            if (safemodeExpires == at) {
                // md_safemode_timeout: safemode = 1, md_wakeup_thread
                safemodeExpires = -1;
                safemode = true;
                conf.wakeupThread();
            }
        });
    }

    private final class WriteStart extends Frame {
        /** md_write_start(), v6.1: {@code wait_event(mddev->sb_wait, !MD_SB_CHANGE_PENDING)}, first test. */
        private static final int WRITE_START = 0;
        /** md_write_start(), v6.1: woken on {@code mddev->sb_wait}; test CHANGE_PENDING again. */
        private static final int SB_WAIT_WOKEN = 1;

        @Override
        public Step step(Task t) {
            if (pc == WRITE_START) {
                writesPending++;
                safemode = false;
                if (inSync) {
                    inSync = false;
                    changeClean = true;
                    changePending = true;
                    conf.wakeupThread();
                }
            } else {
                sbWait.finishWait(t);
            }
            if (changePending) {
                pc = SB_WAIT_WOKEN;
                return sbWait.sleep(t, "md_write_start");
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "md_write_start(" + conf.name + ")";
        }
    }

    /** The superblock part of {@code md_check_recovery()} (raid1d): safemode, then {@code md_update_sb}. */
    Frame checkRecovery() {
        return new UpdateSb();
    }

    private final class UpdateSb extends Frame {
        /** md_check_recovery(), v6.1: safemode → {@code set_in_sync}; then {@code md_update_sb} if flags are set. */
        private static final int CHECK = 0;
        /** md_update_sb(), v6.1: {@code md_bitmap_update_sb} returned; {@code md_super_write} of each member. */
        private static final int BITMAP_SB_WRITTEN = 1;
        /** md_update_sb(), v6.1: {@code md_super_write} of the next member's superblock. */
        private static final int SUPER_WRITES = 2;
        /** md_super_wait(), v6.1: woken; test the pending superblock writes again. */
        private static final int SUPER_WAIT_WOKEN = 3;

        private MetadataWrites writes;

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case CHECK -> {
                        if (safemode) {
                            safemode = false;
                            if (!inSync && writesPending == 0) {
                                inSync = true;
                                changeClean = true;
                            }
                        }
                        if (!(changeClean || changeDevs || forced)) {
                            return RETURN;
                        }
                        // md_update_sb: the flags are taken; a change made meanwhile repeats the update
                        changeClean = false;
                        changeDevs = false;
                        forced = false;
                        updates++;
                        pc = BITMAP_SB_WRITTEN;
                        if (conf.bitmap != null) {
                            return t.call(conf.bitmap.updateSb());
                        }
                    }
                    case BITMAP_SB_WRITTEN -> {
                        writes = new MetadataWrites(conf, inFlight, superWait, "md_super_wait");
                        writes.addPerMember(SB_SECTOR, SB_SECTORS);
                        pc = SUPER_WRITES;
                    }
                    case SUPER_WRITES -> {
                        if (writes.submitRemaining(t, () -> superWrites++) == CALL) {
                            return CALL;
                        }
                        pc = SUPER_WAIT_WOKEN;
                        Step sleep = writes.awaitAll(t, false);
                        if (sleep != null) {
                            return sleep;
                        }
                    }
                    case SUPER_WAIT_WOKEN -> {
                        Step sleep = writes.awaitAll(t, true);
                        if (sleep != null) {
                            return sleep;
                        }
                        if (changeClean || changeDevs || forced) {
                            pc = CHECK;
                            continue;
                        }
                        changePending = false;
                        sbWait.wakeAll();
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "md_update_sb(" + conf.name + ")";
        }
    }
}
