package dev.dmreplay.replay.target.cache;

/**
 * {@code struct queue} and its {@code q_*} functions (drivers/md/dm-cache-policy-smq.c v6.1): the stochastic
 * multiqueue, a stack of LRU lists ("levels"). Use moves an entry up a level by swapping it with the oldest entry of
 * the level above ({@link #requeue}); {@link #redistribute} (once a period) evens the levels out to per-level
 * targets, with fewer entries in the top levels, so the top levels stay selective.
 */
final class SmqQueue {
    private final SmqList[] qs;
    private final int[] targetCount;
    /** Entries in the queue, sentinels not counted. */
    private int size;
    private int lastTargetSize;
    /** The number of top levels that get {@link #nrInTopLevels} entries between them (the hotspot queue: 8). */
    final int nrTopLevels;
    final int nrInTopLevels;

    SmqQueue(int levels, int nrTopLevels, int nrInTopLevels) {
        qs = new SmqList[levels];
        for (int i = 0; i < levels; i++) {
            qs[i] = new SmqList();
        }
        targetCount = new int[levels];
        this.nrTopLevels = nrTopLevels;
        this.nrInTopLevels = nrInTopLevels;
    }

    int levels() {
        return qs.length;
    }

    int size() {
        return size;
    }

    SmqList level(int l) {
        return qs[l];
    }

    /** {@code q_push}: to the back (most recent end) of the entry's level. */
    void push(SmqEntry e) {
        checkNotPending(e);
        count(e, 1);
        qs[e.level].addTail(e);
    }

    /** {@code q_push_front}. */
    void pushFront(SmqEntry e) {
        checkNotPending(e);
        count(e, 1);
        qs[e.level].addHead(e);
    }

    /** {@code q_push_before}. */
    void pushBefore(SmqEntry old, SmqEntry e) {
        checkNotPending(e);
        count(e, 1);
        qs[e.level].addBefore(old, e);
    }

    /** {@code q_del}. */
    void remove(SmqEntry e) {
        qs[e.level].remove(e);
        count(e, -1);
    }

    /**
     * {@code q_peek}: the oldest entry of the lowest populated level below {@code maxLevel}; without
     * {@code crossSentinel} only entries ahead of a level's first sentinel count (older than its last period).
     */
    SmqEntry peek(int maxLevel, boolean crossSentinel) {
        int max = Math.min(maxLevel, qs.length);
        for (int level = 0; level < max; level++) {
            for (SmqEntry e = qs[level].head; e != null; e = e.next) {
                if (e.sentinel) {
                    if (crossSentinel) {
                        continue;
                    }
                    break;
                }
                return e;
            }
        }
        return null;
    }

    /** {@code q_pop}. */
    SmqEntry pop() {
        SmqEntry e = peek(qs.length, true);
        if (e != null) {
            remove(e);
        }
        return e;
    }

    /**
     * {@code q_requeue}: moves {@code e} up by {@code extraLevels}, swapping it with the first entry of the new
     * level, which takes {@code e}'s old level; for the dirty queue that entry goes in front of the sentinel it had
     * passed ({@code s1} before none, {@code s2} before one), so it keeps its place in the write-back order.
     */
    void requeue(SmqEntry e, int extraLevels, SmqEntry s1, SmqEntry s2) {
        int newLevel = Math.min(qs.length - 1, e.level + extraLevels);
        if (extraLevels > 0 && e.level < qs.length - 1) {
            int sentinelsPassed = 0;
            SmqEntry de = qs[newLevel].head;
            while (de != null && de.sentinel) {
                sentinelsPassed++;
                de = de.next;
            }
            if (de != null) {
                remove(de);
                de.level = e.level;
                if (s1 != null && sentinelsPassed == 0) {
                    pushBefore(s1, de);
                } else if (s1 != null && sentinelsPassed == 1) {
                    pushBefore(s2, de);
                } else {
                    push(de);
                }
            }
        }
        remove(e);
        e.level = newLevel;
        push(e);
    }

    /** {@code q_set_targets}: the top levels share {@link #nrInTopLevels}, the rest share the remainder evenly. */
    private void setTargets() {
        if (lastTargetSize == size) {
            return;
        }
        lastTargetSize = size;
        if (nrTopLevels > qs.length) {
            setTargetsSubrange(size, 0, qs.length);
        } else {
            setTargetsSubrange(nrInTopLevels, qs.length - nrTopLevels, qs.length);
            setTargetsSubrange(nrInTopLevels < size ? size - nrInTopLevels : 0, 0, qs.length - nrTopLevels);
        }
    }

    private void setTargetsSubrange(int n, int begin, int end) {
        int levels = end - begin;
        int per = levels == 0 ? 0 : n / levels;
        int remainder = levels == 0 ? 0 : n % levels;
        for (int l = begin; l < end; l++) {
            targetCount[l] = l < begin + remainder ? per + 1 : per;
        }
    }

    /**
     * {@code q_redistribute}: from the bottom up, pulls the oldest entries of higher levels down into a level
     * short of its target and pushes a level's newest entries up when it has too many.
     */
    void redistribute() {
        setTargets();
        for (int level = 0; level < qs.length - 1; level++) {
            SmqList l = qs[level];
            int target = targetCount[level];
            while (l.size < target) {
                SmqEntry e = redistPopFrom(level + 1);
                if (e == null) {
                    break;
                }
                e.level = level;
                l.addTail(e);
            }
            SmqList above = qs[level + 1];
            while (l.size > target) {
                SmqEntry e = l.popTail();
                if (e == null) {
                    break;
                }
                e.level = level + 1;
                above.addTail(e);
            }
        }
    }

    /** {@code __redist_pop_from}: the first non-sentinel entry from {@code level} up (the queue's count unchanged). */
    private SmqEntry redistPopFrom(int level) {
        for (; level < qs.length; level++) {
            for (SmqEntry e = qs[level].head; e != null; e = e.next) {
                if (!e.sentinel) {
                    qs[level].remove(e);
                    return e;
                }
            }
        }
        return null;
    }

    private void count(SmqEntry e, int d) {
        if (!e.sentinel) {
            size += d;
        }
    }

    private static void checkNotPending(SmqEntry e) {
        if (e.pendingWork) {
            throw new IllegalStateException("entry with pending work queued: " + e);
        }
    }
}
