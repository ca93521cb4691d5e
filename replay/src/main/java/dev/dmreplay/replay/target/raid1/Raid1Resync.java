package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.Map;

/**
 * The resync thread: {@code md_do_sync()} (drivers/md/md.c, v6.1 throttling) driving raid1's {@code
 * raid1_sync_request()} one window ({@code RESYNC_BLOCK_SIZE}, 64 KiB; limited to the barrier unit with the
 * per-bucket barrier) at a time: {@code raise_barrier}, a resync buffer from {@code conf->r1buf_pool}, one read
 * from the first in-sync mirror; {@code end_sync_read} hands the window to raid1d, which writes it to every other
 * working mirror ({@code sync_request_write}); the last write lowers the barrier ({@code put_buf}) and counts the
 * window done ({@code md_done_sync}). Recovery of a leg named by {@code rebuild} takes the same path.
 *
 * <p>Throttling as md does it: above {@code speed_limit_min} (1000 KiB/s) the thread sleeps 500 ms when above
 * {@code speed_limit_max} (200000 KiB/s), and waits for its in-flight windows to finish when the array is not idle
 * ({@code is_mddev_idle}: more than 64 sectors of other I/O since the last look); these tests run once per
 * {@code window} (256 sectors) of resync I/O, i.e. every second window. The thread holds a block plug for the
 * whole loop ({@code blk_start_plug} in {@code md_do_sync}), so the reads of consecutive windows merge into one
 * request until the plug is flushed (a full request, or the thread sleeping). Every {@code max_sectors >> 4}
 * sectors it drains the windows in flight and records {@code curr_resync_completed}, setting
 * {@code MD_SB_CHANGE_CLEAN} (a superblock update by raid1d, {@link MdSuperblock}); the end sets
 * CHANGE_PENDING|CHANGE_DEVS. Departures: the speed is measured since the resync began rather than over md's
 * sliding 3 s marks; the bitmap is not consulted to skip clean chunks (a new array is resynced whole); the
 * 5-minute {@code UPDATE_FREQUENCY} checkpoint is not modelled.
 */
final class Raid1Resync {
    /** {@code RESYNC_SECTORS}. */
    static final int RESYNC_SECTORS = 128;
    static final long SPEED_MIN_KIB = 1000;
    static final long SPEED_MAX_KIB = 200_000;
    static final long THROTTLE_SLEEP_NS = 500_000_000L;
    /** md_do_sync's {@code window}: {@code 32 * (PAGE_SIZE / 512)} sectors of resync I/O between speed checks. */
    static final long SYNC_CHECK_WINDOW = 32 * 8;

    private final Raid1Conf conf;
    private long next;
    private final long from;
    private long doneSectors;
    private long windows;
    private int active;
    private long normalSinceCheck;
    /** {@code mddev->curr_resync_completed}. */
    private long completed;
    /** md_do_sync's {@code io_sectors} and {@code last_check}. */
    private long issuedSectors;
    private long lastCheck;
    private boolean plugged;
    private boolean running;
    private long startTime;
    final WaitQueue recoveryWait;
    private Task thread;
    /** A longer wait for a learnt window read is a sleep of the kernel's thread, not CPU time under its plug. */
    static final long SLEPT_NS = 1_000_000;
    /** Trace replays: the kernel's window reads (null: none). */
    private Map<String, Map<Long, Long>> windowReads;

    Raid1Resync(Raid1Conf conf, long from) {
        this.conf = conf;
        this.from = from;
        this.next = from;
        this.recoveryWait = new WaitQueue("mddev->recovery_wait of " + conf.name,
                () -> new ArrayList<>(conf.syncInFlight()));
    }

    /**
     * The array runs: resync is pending from now on (reads past the checkpoint go to the first mirror), and the
     * md thread starts the resync thread ({@code md_check_recovery} → {@code md_register_thread(md_do_sync)})
     * once it gets to run, i.e. asynchronously.
     */
    void start() {
        running = true;
        startTime = conf.kernel.sim.now();
        conf.kernel.sim.after(0, () -> {
            thread = conf.kernel.newTask(conf.name + "_resync", Task.Kind.KTHREAD);
            thread.start(new MdDoSync());
        });
    }

    /**
     * Trace replays: the traced kernel's first read of each resync window, by data device name and sector on that
     * device, in the replay's clock; null (the default) resyncs as fast as the model's throttle lets it.
     */
    void windowReads(Map<String, Map<Long, Long>> bySectorOfDevice) {
        this.windowReads = bySectorOfDevice;
    }

    /**
     * When the window at {@code next} may start: the kernel's read of it from the mirror the model reads it from
     * (the first in-sync one), or now when the trace has none. Waiting here, before {@code raise_barrier}, keeps the
     * model's barrier down while the kernel's thread was elsewhere, as the kernel's was.
     */
    private long windowDue() {
        if (windowReads == null) {
            return -1;
        }
        for (Mirror m : conf.mirrors) {
            if (m.inSync && !m.faulty) {
                Map<Long, Long> reads = windowReads.get(m.dev.name);
                Long at = reads == null ? null : reads.get(next + m.dataOffset);
                return at == null ? -1 : at;
            }
        }
        return -1;
    }

    boolean running() {
        return running;
    }

    /** {@code mddev->recovery_cp} while running: everything below is in sync. */
    long checkpoint() {
        return running ? next : Long.MAX_VALUE;
    }

    long windows() {
        return windows;
    }

    long doneSectors() {
        return doneSectors;
    }

    void noteNormalIo(int sectors) {
        normalSinceCheck += sectors;
    }

    /** {@code md_done_sync()}. */
    void doneSync(int sectors, boolean ok) {
        active--;
        doneSectors += sectors;
        recoveryWait.wakeAll();
    }

    private boolean idle() {
        boolean idle = normalSinceCheck <= 64;
        normalSinceCheck = 0;
        return idle;
    }

    private final class MdDoSync extends Frame {
        /** md_do_sync() {@code while (j < max_sectors)}, v6.1: the checkpoint test, then the throttle. */
        private static final int NEXT_WINDOW = 0;
        /** md_do_sync(), v6.1: checkpoint, {@code wait_event(mddev->recovery_wait, !recovery_active)}. */
        private static final int CHECKPOINT_WAIT = 4;
        /** md_do_sync(), v6.1: every {@code window} sectors of resync I/O, the speed and idleness test. */
        private static final int THROTTLE = 5;
        /** md_do_sync(), v6.1: {@code wait_event(mddev->recovery_wait, !recovery_active)} when not idle. */
        private static final int THROTTLE_WAIT = 1;
        /** raid1_sync_request(), v6.1: barrier up; {@code raid1_alloc_init_r1buf}: {@code conf->r1buf_pool}. */
        private static final int ALLOC_R1BUF = 2;
        /** raid1_sync_request(), v6.1: resync buffer ours; read the window from the first in-sync mirror. */
        private static final int R1BUF_ALLOCATED = 3;
        /** md_do_sync() after the loop, v6.1: {@code wait_event(mddev->recovery_wait, ...)}, first test. */
        private static final int WAIT_RECOVERY_ACTIVE = 9;
        /** md_do_sync() after the loop, v6.1: woken on {@code mddev->recovery_wait}. */
        private static final int RECOVERY_ACTIVE_WOKEN = 10;

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case NEXT_WINDOW -> {
                        if (!plugged && conf.layer.plugging()) {
                            // md_do_sync: blk_start_plug before the loop; reads of adjacent windows merge
                            conf.layer.startPlug(t);
                            plugged = true;
                        }
                        if (next >= conf.devSectors) {
                            if (plugged) {
                                conf.layer.finishPlug(t); // blk_finish_plug before the last wait
                                plugged = false;
                            }
                            pc = WAIT_RECOVERY_ACTIVE;
                            continue;
                        }
                        long due = windowDue();
                        if (due > conf.kernel.sim.now()) {
                            // the traced kernel's resync reached this window later. A short gap is the thread's own
                            // CPU time under its plug (the capture: ~100 us per window, and nine in ten reads after
                            // a gap under 1 ms merged into the previous request); after a longer one it had slept,
                            // which flushes the plug (two in three of those reads started a request)
                            long wait = due - conf.kernel.sim.now();
                            if (wait > SLEPT_NS) {
                                t.flushPlugCallbacks();
                            }
                            return t.consumeCpu(wait);
                        }
                        if (next > completed && next - completed > conf.devSectors >> 4) {
                            // time to update curr_resync_completed: drain the windows in flight first
                            pc = CHECKPOINT_WAIT;
                            continue;
                        }
                        pc = THROTTLE;
                    }
                    case CHECKPOINT_WAIT -> {
                        recoveryWait.finishWait(t);
                        if (active > 0) {
                            return recoveryWait.sleep(t, "md_do_sync");
                        }
                        completed = next;
                        if (conf.sb != null) {
                            conf.sb.resyncCheckpoint();
                        }
                        pc = THROTTLE;
                    }
                    case THROTTLE -> {
                        pc = ALLOC_R1BUF;
                        if (issuedSectors < lastCheck + SYNC_CHECK_WINDOW) {
                            return conf.barrier.raise(t, next);
                        }
                        lastCheck = issuedSectors;
                        long elapsedS = (conf.kernel.sim.now() - startTime) / 1_000_000_000L;
                        long speed = doneSectors / 2 / (elapsedS + 1) + 1;
                        if (speed > SPEED_MIN_KIB) {
                            if (speed > SPEED_MAX_KIB) {
                                pc = THROTTLE;
                                lastCheck -= SYNC_CHECK_WINDOW; // goto repeat: test the speed again
                                t.flushPlugCallbacks(); // msleep schedules: the plug is flushed
                                return t.consumeCpu(THROTTLE_SLEEP_NS); // msleep(500)
                            }
                            if (!idle() && active > 0) {
                                pc = THROTTLE_WAIT;
                                continue;
                            }
                        }
                        return conf.barrier.raise(t, next);
                    }
                    case THROTTLE_WAIT -> {
                        recoveryWait.finishWait(t);
                        if (active > 0) {
                            return recoveryWait.sleep(t, "md_do_sync");
                        }
                        pc = ALLOC_R1BUF;
                        return conf.barrier.raise(t, next);
                    }
                    case ALLOC_R1BUF -> {
                        Mempool.Attempt r = conf.r1bufPool.tryAlloc(Gfp.NOIO, t.name);
                        pc = R1BUF_ALLOCATED;
                        if (r == Mempool.Attempt.MUST_SLEEP) {
                            return t.call(conf.r1bufPool.allocFrame());
                        }
                    }
                    case R1BUF_ALLOCATED -> {
                        long n = Math.min(RESYNC_SECTORS, conf.devSectors - next);
                        if (conf.barrier.buckets) {
                            n = Raid1Barrier.toUnitEnd(next, n);
                        }
                        R1Bio r1 = conf.newR1Bio(conf.r1bufPool, t.name, null, next, (int) n, true);
                        int readDisk = -1;
                        for (Mirror m : conf.mirrors) {
                            if (m.inSync && !m.faulty) {
                                readDisk = m.index;
                                break;
                            }
                        }
                        next += n;
                        issuedSectors += n;
                        windows++;
                        active++;
                        if (readDisk < 0) {
                            r1.readError = true;
                            r1.remaining = 1;
                            conf.endSyncRead(fakeRead(r1));
                            pc = NEXT_WINDOW;
                            continue;
                        }
                        Mirror m = conf.mirrors[readDisk];
                        Bio rb = conf.layer.newBio();
                        rb.dev = m.dev;
                        rb.op = Op.READ;
                        rb.sector = r1.sector + m.dataOffset;
                        rb.sectors = (int) n;
                        rb.segments = BioOps.segmentsFor((int) n);
                        rb.submitTime = conf.kernel.sim.now();
                        rb.priv = r1;
                        rb.endIo = conf::endSyncRead;
                        r1.readDisk = readDisk;
                        r1.bios[readDisk] = rb;
                        r1.remaining = 1;
                        m.resyncReads++;
                        pc = NEXT_WINDOW;
                        if (Gmr.submit(t, rb) == CALL) {
                            return CALL;
                        }
                    }
                    case WAIT_RECOVERY_ACTIVE, RECOVERY_ACTIVE_WOKEN -> {
                        if (pc == RECOVERY_ACTIVE_WOKEN) {
                            recoveryWait.finishWait(t);
                        }
                        if (active > 0) {
                            pc = RECOVERY_ACTIVE_WOKEN;
                            return recoveryWait.sleep(t, "md_do_sync");
                        }
                        // resync done: mddev->recovery_cp = MaxSector, recovered legs In_sync
                        running = false;
                        for (Mirror m : conf.mirrors) {
                            if (!m.faulty) {
                                m.inSync = true;
                            }
                        }
                        if (conf.sb != null) {
                            conf.sb.resyncDone();
                        }
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        private Bio fakeRead(R1Bio r1) {
            Bio b = conf.layer.newBio();
            b.priv = r1;
            b.status = 10;
            r1.readDisk = 0;
            return b;
        }

        @Override
        public String function() {
            return "md_do_sync(" + conf.name + ")";
        }
    }

    long from() {
        return from;
    }
}
