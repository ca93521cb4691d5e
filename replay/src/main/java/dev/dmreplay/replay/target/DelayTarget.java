package dev.dmreplay.replay.target;

import dev.dmreplay.replay.block.ServiceModel;
import java.util.SplittableRandom;

import dev.dmreplay.ingest.dm.DelayArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;

/**
 * dm-delay (drivers/md/dm-delay.c v4.16, per-bio data form): {@code delay <dev> <offset> <ms> [<wdev> <woffset>
 * <wms>]}. A bio with a non-zero delay is remapped, stamped with its expiry and queued on the delayed list
 * ({@code DM_MAPIO_SUBMITTED}); a timer queues {@code flush_expired_bios} on the "kdelayd" workqueue, which
 * resubmits expired bios with {@code generic_make_request} in order. Zero delay remaps directly. A delayed bio's
 * REMAP is observed when the worker submits it, as v6.1's {@code flush_bios()} traces it through
 * {@code dm_submit_bio_remap()}.
 */
public final class DelayTarget extends Target {
    private final Kernel kernel;
    private final BlockDevice readDev;
    private final long readStart;
    private final long readDelayNs;
    private final BlockDevice writeDev;
    private final long writeStart;
    private final long writeDelayNs;
    private final BioList delayed;
    private final Workqueue kdelayd;
    private final WorkItem flushExpired;
    private long timerAt = Long.MAX_VALUE;
    private final String mdName;
    /** The delays a trace of this device shows, drawn per bio instead of the table's; null: the table's. */
    private ServiceModel realized;
    private SplittableRandom realizedRandom;

    /**
     * {@code delay_ctr}: the read class, and the write class when the table gives one (with one class writes use
     * the read class). A third (flush) class is accepted and ignored: the v4.16 target has none.
     */
    public DelayTarget(TargetContext c, long begin, long len, DelayArgs a) {
        this(c.kernel(), begin, len, c.device(a.read().dev()), a.read().offset(), a.read().delayMs() * 1_000_000L,
                a.given() >= 2 ? c.device(a.write().dev()) : null, a.write().offset(),
                a.write().delayMs() * 1_000_000L, c.mdName());
    }

    public DelayTarget(Kernel kernel, long begin, long len, BlockDevice readDev, long readStart, long readDelayNs,
                       BlockDevice writeDev, long writeStart, long writeDelayNs, String mdName) {
        super(begin, len);
        this.kernel = kernel;
        this.readDev = readDev;
        this.readStart = readStart;
        this.readDelayNs = readDelayNs;
        this.writeDev = writeDev == null ? readDev : writeDev;
        this.writeStart = writeDev == null ? readStart : writeStart;
        this.writeDelayNs = writeDev == null ? readDelayNs : writeDelayNs;
        this.mdName = mdName;
        this.kdelayd = new Workqueue(kernel, "kdelayd", 0);
        this.flushExpired = new WorkItem("flush_expired_bios(" + mdName + ")", FlushExpired::new);
        this.delayed = new BioList("delayed_bios of delay target in " + mdName, flushExpired);
        numFlushBios = 1;
        numDiscardBios = 1;
    }

    /**
     * Delays each bio by the delay a trace of the device shows for it (its Q to the A the worker issued; a bio the
     * trace does not have draws from the samples by op and size) instead of the table's. On the captured kernel the table's 20 ms came out as 11 to 89 ms
     * (median 23 ms): {@code delay_bio} counts in jiffies, the timer and the kdelayd worker run late under load,
     * and the model has no scheduler to make those waits; a trace replay takes them from the trace, as the leaves
     * take their service times.
     */
    public void realizedDelays(ServiceModel delays, SplittableRandom random) {
        this.realized = delays;
        this.realizedRandom = random;
    }

    @Override
    public String type() {
        return "delay";
    }

    @Override
    public List<BlockDevice> devices() {
        List<BlockDevice> l = new ArrayList<>();
        l.add(readDev);
        if (writeDev != readDev) {
            l.add(writeDev);
        }
        return l;
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        boolean write = bio.op.isWrite();
        BlockDevice dev = write ? writeDev : readDev;
        long start = write ? writeStart : readStart;
        long delay = write ? writeDelayNs : readDelayNs;
        bio.dev = dev;
        if (bio.sectors > 0) {
            bio.sector = start + offset(bio.sector);
        }
        if (delay == 0) {
            return DmMapio.REMAPPED;
        }
        if (realized != null) {
            delay = realized.serviceNanos(bio, realizedRandom);
        }
        // delay_bio(): expiry in per-bio data, list in submission order, timer armed for the earliest
        long expires = kernel.sim.now() + delay;
        tio.perBioData = new Expiry(expires);
        delayed.add(bio);
        if (expires < timerAt) {
            timerAt = expires;
            kernel.sim.at(expires, this::timer);
        }
        return DmMapio.SUBMITTED;
    }

    private void timer() {
        if (kernel.sim.now() < timerAt) {
            return;
        }
        timerAt = Long.MAX_VALUE;
        kdelayd.queue(flushExpired);
    }

    /** {@code flush_expired_bios()} → {@code flush_delayed_bios(dc, 0)}: resubmit expired, re-arm for the rest. */
    private final class FlushExpired extends Frame {
        private List<Bio> ready;
        private int i;

        @Override
        public Step step(Task t) {
            if (ready == null) {
                ready = new ArrayList<>();
                BioList keep = new BioList(delayed.name(), flushExpired);
                long next = Long.MAX_VALUE;
                Bio b;
                while ((b = delayed.pop()) != null) {
                    long exp = ((TargetIo) b.owner).perBio(Expiry.class).ns();
                    if (exp <= kernel.sim.now()) {
                        ready.add(b);
                    } else {
                        keep.add(b);
                        next = Math.min(next, exp);
                    }
                }
                delayed.merge(keep);
                if (next != Long.MAX_VALUE && next < timerAt) {
                    timerAt = next;
                    kernel.sim.at(next, DelayTarget.this::timer);
                }
            }
            while (i < ready.size()) {
                Bio b = ready.get(i++);
                // v6.1 flush_bios() → dm_submit_bio_remap(): the remap is traced when the worker submits
                TargetIo tio = (TargetIo) b.owner;
                kernel.observeRemap(t, mdName, b, tio.io.origBio.id, type());
                if (Gmr.submit(t, b) == CALL) {
                    return CALL;
                }
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "flush_expired_bios";
        }
    }

    /** {@code struct dm_delay_info}'s expiry: when the delayed bio may go down (virtual ns). */
    record Expiry(long ns) implements dev.dmreplay.replay.dm.PerBioData {
    }
}
