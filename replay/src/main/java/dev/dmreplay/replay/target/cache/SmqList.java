package dev.dmreplay.replay.target.cache;

/**
 * {@code struct ilist} and its {@code l_*} functions (drivers/md/dm-cache-policy-smq.c v6.1): a doubly linked
 * list of entries whose count leaves sentinels out.
 */
final class SmqList {
    SmqEntry head;
    SmqEntry tail;
    /** Entries on the list, sentinels not counted ({@code nr_elts}). */
    int size;

    boolean isEmpty() {
        return head == null;
    }

    void addHead(SmqEntry e) {
        e.prev = null;
        e.next = head;
        if (head != null) {
            head.prev = e;
        } else {
            tail = e;
        }
        head = e;
        count(e, 1);
    }

    void addTail(SmqEntry e) {
        e.next = null;
        e.prev = tail;
        if (tail != null) {
            tail.next = e;
        } else {
            head = e;
        }
        tail = e;
        count(e, 1);
    }

    /** {@code l_add_before}: before {@code old}, or at the head when {@code old} is the head. */
    void addBefore(SmqEntry old, SmqEntry e) {
        SmqEntry p = old.prev;
        if (p == null) {
            addHead(e);
            return;
        }
        e.prev = p;
        e.next = old;
        p.next = e;
        old.prev = e;
        count(e, 1);
    }

    void remove(SmqEntry e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            head = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        } else {
            tail = e.prev;
        }
        e.prev = null;
        e.next = null;
        count(e, -1);
    }

    /** {@code l_pop_head}: the first entry that is not a sentinel, or null. */
    SmqEntry popHead() {
        for (SmqEntry e = head; e != null; e = e.next) {
            if (!e.sentinel) {
                remove(e);
                return e;
            }
        }
        return null;
    }

    /** {@code l_pop_tail}: the last entry that is not a sentinel, or null. */
    SmqEntry popTail() {
        for (SmqEntry e = tail; e != null; e = e.prev) {
            if (!e.sentinel) {
                remove(e);
                return e;
            }
        }
        return null;
    }

    private void count(SmqEntry e, int d) {
        if (!e.sentinel) {
            size += d;
        }
    }
}
