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
 * dm-delay (drivers/md/dm-delay.c, the per-bio data form of v4.16 to v6.6): {@code delay <dev> <offset> <ms>
 * [<wdev> <woffset> <wms> [<fdev> <foffset> <fms>]]}. {@code delay_map} picks a class: a write with
 * {@code REQ_PREFLUSH} the flush class, any other write the write class, everything else the read class. A bio
 * whose class has a non-zero delay is remapped, stamped with its expiry and queued on the delayed list
 * ({@code DM_MAPIO_SUBMITTED}); a timer queues {@code flush_expired_bios} on the "kdelayd" workqueue, which
 * resubmits expired bios with {@code generic_make_request} in order. Zero delay remaps directly. A delayed bio's
 * REMAP is observed when the worker submits it, as v6.1's {@code flush_bios()} traces it through
 * {@code dm_submit_bio_remap()}. The flush class came after v4.16 (v4.16's target had two classes, and a
 * preflush write took the write class); with three or six table arguments {@code delay_ctr} makes the flush class
 * a copy of the write class, so the two forms only differ for a nine-argument table, which v4.16 refuses.
 */
public final class DelayTarget extends Target {
    private final Kernel kernel;
    private final DelayClass read;
    private final DelayClass write;
    private final DelayClass flush;
    private final BioList delayed;
    private final Workqueue kdelayd;
    private final WorkItem flushExpired;
    private long timerAt = Long.MAX_VALUE;
    private final String mdName;
    /** The delays a trace of this device shows, drawn per bio instead of the table's; null: the table's. */
    private ServiceModel realized;
    private SplittableRandom realizedRandom;

    /**
     * One class of {@code struct delay_c} ({@code struct delay_class}): where its bios go and how long they wait.
     *
     * @param dev     the device its bios are remapped to
     * @param start   the sector of that device the target's first sector maps to
     * @param delayNs the table's delay, in ns
     */
    public record DelayClass(BlockDevice dev, long start, long delayNs) {
    }

    /**
     * {@code delay_ctr}: the read class, the write class (the read class when the table gives one class) and the
     * flush class (the write class when the table gives fewer than three).
     */
    public DelayTarget(TargetContext c, long begin, long len, DelayArgs a) {
        this(c.kernel(), begin, len, new DelayClass(c.device(a.read().dev()), a.read().offset(),
                        a.read().delayMs() * 1_000_000L),
                a.given() >= 2 ? new DelayClass(c.device(a.write().dev()), a.write().offset(),
                        a.write().delayMs() * 1_000_000L) : null,
                a.given() >= 3 ? new DelayClass(c.device(a.flush().dev()), a.flush().offset(),
                        a.flush().delayMs() * 1_000_000L) : null,
                c.mdName());
    }

    /** A delay target of the given classes; a null write class is the read class, a null flush class the write. */
    public DelayTarget(Kernel kernel, long begin, long len, DelayClass read, DelayClass write, DelayClass flush,
                       String mdName) {
        super(begin, len);
        this.kernel = kernel;
        this.read = read;
        this.write = write == null ? read : write;
        this.flush = flush == null ? this.write : flush;
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
        for (DelayClass k : List.of(read, write, flush)) {
            if (!l.contains(k.dev())) {
                l.add(k.dev());
            }
        }
        return l;
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        DelayClass c = classOf(bio);
        long delay = c.delayNs();
        bio.dev = c.dev();
        if (bio.sectors > 0) {
            bio.sector = c.start() + offset(bio.sector);
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

    /** {@code delay_map}'s choice of class: a preflush write the flush class, other writes the write class. */
    DelayClass classOf(Bio bio) {
        if (!bio.op.isWrite()) {
            return read;
        }
        return bio.has(Bio.PREFLUSH) ? flush : write;
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
