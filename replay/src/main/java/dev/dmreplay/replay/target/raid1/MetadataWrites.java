package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of md metadata writes to the members' metadata devices: {@code md_super_write()} of each (drivers/md/
 * md.c, v6.1: REQ_PREFLUSH|REQ_FUA|REQ_META|REQ_SYNC, one bio per member), then a wait until every one has
 * completed ({@code md_super_wait()} for superblocks, {@code md_bitmap_wait_writes()} for bitmap pages). The
 * superblock update and the bitmap's page writes share this shape; each keeps its own in-flight list and wait
 * queue, because the kernel waits on different queues ({@code mddev->sb_wait}, {@code bitmap->write_wait}) and a
 * deadlock chain must name the right one.
 *
 * <p>Not a frame of its own: the kernel has no function between the caller and {@code md_super_write}, so the
 * caller's frame drives it and the modelled stack stays the kernel's.
 */
final class MetadataWrites {
    private final Raid1Conf conf;
    private final List<Bio> inFlight;
    private final WaitQueue wait;
    private final String waitSite;
    private final List<Bio> writes = new ArrayList<>();
    private int next;

    /**
     * @param inFlight the owner's list of its metadata writes in flight (its wait queue's holders)
     * @param waitSite the function that sleeps on {@code wait}, as observations name it
     */
    MetadataWrites(Raid1Conf conf, List<Bio> inFlight, WaitQueue wait, String waitSite) {
        this.conf = conf;
        this.inFlight = inFlight;
        this.wait = wait;
        this.waitSite = waitSite;
    }

    /** Adds one write of {@code sectors} at {@code sector} to every working member's metadata device. */
    void addPerMember(long sector, int sectors) {
        for (Mirror m : conf.mirrors) {
            if (m.meta == null || m.faulty) {
                continue;
            }
            Bio b = conf.layer.newBio();
            b.dev = m.meta;
            b.op = Op.WRITE;
            b.flags = Bio.PREFLUSH | Bio.FUA | Bio.SYNC | Bio.META;
            b.sector = sector;
            b.sectors = sectors;
            b.segments = 1;
            b.submitTime = conf.kernel.sim.now();
            b.endIo = bio -> {
                inFlight.remove(bio);
                wait.wakeAll();
            };
            writes.add(b);
        }
    }

    /**
     * Submits the writes not yet submitted, counting each with {@code counted}. Returns {@link Step#CALL} when a
     * submission pushed a frame (call again when it returns), or null once every write is submitted.
     */
    Step submitRemaining(Task t, Runnable counted) {
        while (next < writes.size()) {
            Bio b = writes.get(next++);
            inFlight.add(b);
            counted.run();
            if (Gmr.submit(t, b) == Step.CALL) {
                return Step.CALL;
            }
        }
        return null;
    }

    /**
     * The wait for every write in flight: sleeps (returns {@link Step#SCHEDULE}'s step) while one is, or returns
     * null once none is. {@code woken}: the task is back from a sleep this wait started.
     */
    Step awaitAll(Task t, boolean woken) {
        if (woken) {
            wait.finishWait(t);
        }
        return inFlight.isEmpty() ? null : wait.sleep(t, waitSite);
    }
}
