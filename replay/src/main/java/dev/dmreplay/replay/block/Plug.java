package dev.dmreplay.replay.block;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct blk_plug} of one task (block/blk-core.c and blk-mq.c, v6.1): requests for blk-mq leaves collect
 * on the plug's list instead of being issued, a new bio first tries to merge into the most recent request for its
 * queue ({@code blk_attempt_plug_merge}: walking past other queues' requests only when the plug holds several
 * queues), and the list is issued in order when the plug is finished or the task sleeps ({@code
 * blk_finish_plug} / {@code blk_flush_plug} from {@code schedule}), or before adding a request when it already
 * holds {@code BLK_MAX_REQUEST_COUNT} (32) requests or its last request reached {@code BLK_PLUG_FLUSH_SIZE}
 * (128 KiB) ({@code blk_add_rq_to_plug}).
 *
 * <p>Departure: an unplug from {@code schedule} in the kernel inserts the requests and lets kblockd dispatch them
 * ({@code blk_mq_flush_plug_list(plug, true)}); here both kinds of unplug issue at once.
 */
public final class Plug {
    static final int BLK_MAX_REQUEST_COUNT = 32;
    static final long BLK_PLUG_FLUSH_SIZE = 128 * 1024;

    private final List<Request> mqList = new ArrayList<>();
    private boolean multipleQueues;
    private long merges;
    /** Registered with the task so that its going to sleep flushes the list, as {@code schedule()} does. */
    private boolean armed;
    private final dev.dmreplay.replay.sim.Task.PlugCallback onSchedule = t -> {
        armed = false;
        flush();
    };

    /** {@code blk_attempt_plug_merge()}: true if {@code bio} was merged into a plugged request. */
    boolean attemptMerge(LeafDevice dev, Bio bio) {
        for (int i = mqList.size() - 1; i >= 0; i--) {
            Request rq = mqList.get(i);
            if (rq.dev == dev) {
                if (rq.tryMerge(bio, dev.maxRequestSectors(), dev.maxSegments()) != Request.Merge.NONE) {
                    merges++;
                    return true;
                }
                return false;
            }
            if (!multipleQueues) {
                return false;
            }
        }
        return false;
    }

    /** {@code blk_add_rq_to_plug()}. */
    void add(dev.dmreplay.replay.sim.Task t, Request rq) {
        if (!armed) {
            armed = true;
            t.addPlugCallback(onSchedule);
        }
        if (!mqList.isEmpty()) {
            Request last = mqList.get(mqList.size() - 1);
            if (mqList.size() >= BLK_MAX_REQUEST_COUNT || last.bytes() >= BLK_PLUG_FLUSH_SIZE) {
                flush();
            }
        }
        if (!mqList.isEmpty() && mqList.get(mqList.size() - 1).dev != rq.dev) {
            multipleQueues = true;
        }
        mqList.add(rq);
    }

    /** {@code blk_mq_flush_plug_list()}: issue every plugged request in the order it was added. */
    public void flush() {
        List<Request> l = new ArrayList<>(mqList);
        mqList.clear();
        multipleQueues = false;
        for (Request rq : l) {
            rq.dev.issue(rq);
        }
    }

    /** {@code blk_finish_plug()}: unlink from the task and issue what is left. */
    void finish(dev.dmreplay.replay.sim.Task t) {
        if (armed) {
            armed = false;
            t.removePlugCallback(onSchedule);
        }
        flush();
    }

    /** Bios merged into plugged requests so far. */
    public long merges() {
        return merges;
    }
}
