package dev.dmreplay.replay.target.cache;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The background work tracker (drivers/md/dm-cache-background-tracker.c v6.1): the migrations a policy asked for,
 * at most one per origin block, queued until the core's migration worker issues them and pending until they
 * complete. {@code btracker_queue} adds to the head of the queued list and {@code btracker_issue} takes the head,
 * so queued work is issued newest first. Work handed straight back to the caller ({@code pwork}, a promotion by a
 * whole-block write) is issued at once.
 */
final class BackgroundTracker {
    /** The result of {@link #queue}. */
    enum Queued {
        QUEUED,
        /** {@code -EINVAL}: work for the origin block is already pending. */
        DUPLICATE,
        /** {@code -ENOMEM}: {@code max_work} items pending. */
        FULL
    }

    private final int maxWork;
    private final Map<Long, PolicyWork> pending = new HashMap<>();
    private final ArrayDeque<PolicyWork> queued = new ArrayDeque<>();
    private int demotions;

    BackgroundTracker(int maxWork) {
        this.maxWork = maxWork;
    }

    /** {@code btracker_queue}; {@code issueNow} is the {@code pwork} case. */
    Queued queue(PolicyWork w, boolean issueNow) {
        if (pending.size() >= maxWork) {
            return Queued.FULL;
        }
        if (pending.putIfAbsent(w.oblock(), w) != null) {
            return Queued.DUPLICATE;
        }
        if (!issueNow) {
            queued.addFirst(w);
        }
        if (w.op() == PolicyWork.Op.DEMOTE) {
            demotions++;
        }
        return Queued.QUEUED;
    }

    /** {@code btracker_issue}: the most recently queued work, or null ({@code -ENODATA}). */
    PolicyWork issue() {
        return queued.pollFirst();
    }

    /** {@code btracker_complete}. */
    void complete(PolicyWork w) {
        if (pending.remove(w.oblock()) != null && w.op() == PolicyWork.Op.DEMOTE) {
            demotions--;
        }
    }

    /** {@code btracker_promotion_already_present}: any work pending for the origin block. */
    boolean present(long oblock) {
        return pending.containsKey(oblock);
    }

    /** {@code btracker_nr_demotions_queued}: demotions queued or in flight. */
    int demotions() {
        return demotions;
    }

    boolean hasQueued() {
        return !queued.isEmpty();
    }
}
