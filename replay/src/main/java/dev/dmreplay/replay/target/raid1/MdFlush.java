package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.Servicer;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;

/**
 * md's flush handling as of v5.x–v6.1 (drivers/md/md.c {@code md_flush_request}, {@code submit_flushes},
 * {@code md_end_flush}, {@code md_submit_flush_data}): one flush in progress per array; a flush request sleeps in
 * the caller on {@code mddev->sb_wait} while another is in progress, and is satisfied by it if that flush started
 * after the request arrived (coalescing). The flush bio to each member (an empty REQ_PREFLUSH from
 * {@code mddev->bio_set}) is sent from {@code md_wq}; when they are all done {@code md_submit_flush_data} ends an
 * empty flush or passes the data part (without PREFLUSH) to the personality's {@code make_request}, from the
 * worker.
 */
final class MdFlush implements Servicer {
    private final Raid1Conf conf;
    private final Workqueue mdWq;
    private final WorkItem submitFlushes;
    private final WorkItem flushData;
    private final WaitQueue sbWait;
    private Bio flushBio;
    private long startFlush;
    private long prevFlushStart = -1;
    private int flushPending;
    private final List<Bio> memberFlushes = new ArrayList<>();
    private long flushes;

    MdFlush(Raid1Conf conf) {
        this.conf = conf;
        this.mdWq = new Workqueue(conf.kernel, "md_wq", 0);
        this.submitFlushes = new WorkItem("submit_flushes(" + conf.name + ")", SubmitFlushes::new);
        this.flushData = new WorkItem("md_submit_flush_data(" + conf.name + ")", FlushData::new);
        this.sbWait = new WaitQueue("mddev->sb_wait (flush_bio) of " + conf.name, this::holder);
    }

    private List<Object> holder() {
        List<Object> l = new ArrayList<>();
        if (flushBio != null) {
            l.add(flushBio);
        }
        return l;
    }

    long flushes() {
        return flushes;
    }

    /** {@code md_flush_request()}: pushes the frame (returns CALL). */
    Step request(Task t, Bio bio) {
        return t.call(new Request(bio, conf.kernel.sim.now()));
    }

    private final class Request extends Frame {
        /** md_flush_request(), v6.1: {@code wait_event_lock_irq(mddev->sb_wait, ...)}, first test. */
        private static final int WAIT_FOR_FLUSH_SLOT = 0;
        /** md_flush_request(), v6.1: woken on {@code mddev->sb_wait}; test the slot and the flush start again. */
        private static final int SB_WAIT_WOKEN = 1;
        /** md_flush_request() returned false, v6.1: the data part's {@code raid1_make_request} returned. */
        private static final int DATA_REQUEST_RETURNED = 2;

        private final Bio bio;
        private final long reqStart;

        Request(Bio bio, long reqStart) {
            this.bio = bio;
            this.reqStart = reqStart;
        }

        @Override
        public Step step(Task t) {
            if (pc == DATA_REQUEST_RETURNED) {
                return RETURN;
            }
            if (pc == SB_WAIT_WOKEN) {
                sbWait.finishWait(t);
            }
            if (flushBio != null && reqStart >= prevFlushStart) {
                pc = SB_WAIT_WOKEN;
                return sbWait.sleep(t, "md_flush_request");
            }
            if (reqStart > prevFlushStart) {
                // a new flush: this bio owns the flush slot
                flushBio = bio;
                bio.at = MdFlush.this;
                startFlush = conf.kernel.sim.now();
                flushes++;
                mdWq.queue(submitFlushes);
                return RETURN;
            }
            // a flush that started after this request arrived covered it
            if (bio.sectors == 0) {
                BioOps.endio(bio);
                return RETURN;
            }
            bio.flags &= ~Bio.PREFLUSH;
            pc = DATA_REQUEST_RETURNED;
            return conf.makeRequest(t, bio);
        }

        @Override
        public String function() {
            return "md_flush_request(" + conf.name + ")";
        }
    }

    /** {@code submit_flushes()}: an empty preflush to every working member, counted in {@code flush_pending}. */
    private final class SubmitFlushes extends Frame {
        /** submit_flushes(), v6.1: {@code atomic_set(&mddev->flush_pending, 1)}. */
        private static final int SUBMIT_FLUSHES = 0;
        /** submit_flushes() {@code rdev_for_each_rcu}, v6.1: next member not Faulty; {@code bio_alloc_bioset}. */
        private static final int NEXT_RDEV = 1;
        /** submit_flushes(), v6.1: the empty PREFLUSH bio arrived; {@code md_end_flush}, {@code submit_bio}. */
        private static final int FLUSH_BIO_ALLOCATED = 2;

        private int i;

        @Override
        public Step step(Task t) {
            while (true) {
                if (pc == SUBMIT_FLUSHES) {
                    flushPending = 1;
                    memberFlushes.clear();
                    pc = NEXT_RDEV;
                }
                if (pc == FLUSH_BIO_ALLOCATED) {
                    Bio bi = t.retBio;
                    Mirror m = conf.mirrors[i++];
                    m.flushes++;
                    bi.dev = m.dev;
                    bi.op = Op.WRITE;
                    bi.flags = Bio.PREFLUSH | Bio.SYNC;
                    bi.sector = 0;
                    bi.sectors = 0;
                    bi.submitTime = conf.kernel.sim.now();
                    bi.endIo = MdFlush.this::endFlush;
                    flushPending++;
                    memberFlushes.add(bi);
                    pc = NEXT_RDEV;
                    if (dev.dmreplay.replay.block.Gmr.submit(t, bi) == CALL) {
                        return CALL;
                    }
                }
                while (i < conf.mirrors.length && conf.mirrors[i].faulty) {
                    i++;
                }
                if (i < conf.mirrors.length) {
                    pc = FLUSH_BIO_ALLOCATED;
                    if (BioAlloc.alloc(t, conf.bioSet, Gfp.NOIO, 0) == CALL) {
                        return CALL;
                    }
                    continue;
                }
                if (--flushPending == 0) {
                    mdWq.queue(flushData);
                }
                return RETURN;
            }
        }

        @Override
        public String function() {
            return "submit_flushes(" + conf.name + ")";
        }
    }

    /** {@code md_end_flush()} (completion context). */
    private void endFlush(Bio bi) {
        memberFlushes.remove(bi);
        BioOps.put(bi);
        if (--flushPending == 0) {
            mdWq.queue(flushData);
        }
    }

    /** {@code md_submit_flush_data()}: release the slot, then end the empty flush or submit its data part. */
    private final class FlushData extends Frame {
        /** md_submit_flush_data(), v6.1: release {@code mddev->flush_bio}, end the flush or pass its data on. */
        private static final int SUBMIT_FLUSH_DATA = 0;
        /** md_submit_flush_data(), v6.1: {@code md_handle_request} of the data part returned. */
        private static final int DATA_REQUEST_RETURNED = 1;

        @Override
        public Step step(Task t) {
            if (pc == DATA_REQUEST_RETURNED) {
                return RETURN;
            }
            Bio bio = flushBio;
            prevFlushStart = startFlush;
            flushBio = null;
            sbWait.wakeAll();
            bio.at = null;
            if (bio.sectors == 0) {
                BioOps.endio(bio);
                return RETURN;
            }
            bio.flags &= ~Bio.PREFLUSH;
            pc = DATA_REQUEST_RETURNED;
            return conf.makeRequest(t, bio);
        }

        @Override
        public String function() {
            return "md_submit_flush_data(" + conf.name + ")";
        }
    }

    @Override
    public String serviceName() {
        return "md flush in progress on " + conf.name;
    }

    @Override
    public List<Object> waitsFor() {
        if (!memberFlushes.isEmpty()) {
            return new ArrayList<>(memberFlushes);
        }
        return List.of(flushData);
    }
}
