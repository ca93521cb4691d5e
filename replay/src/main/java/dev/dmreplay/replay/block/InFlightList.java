package dev.dmreplay.replay.block;

import java.util.ArrayList;
import java.util.List;

/**
 * The bios a submitter has in flight, as an intrusive doubly linked list (O(1) add and remove, no per-bio
 * allocation); read only to explain what a queue-depth wait depends on.
 */
public final class InFlightList {
    private Bio head;
    private int size;

    public void add(Bio b) {
        b.ifPrev = null;
        b.ifNext = head;
        if (head != null) {
            head.ifPrev = b;
        }
        head = b;
        size++;
    }

    public void remove(Bio b) {
        if (b.ifPrev != null) {
            b.ifPrev.ifNext = b.ifNext;
        } else if (head == b) {
            head = b.ifNext;
        } else {
            return;
        }
        if (b.ifNext != null) {
            b.ifNext.ifPrev = b.ifPrev;
        }
        b.ifPrev = b.ifNext = null;
        size--;
    }

    public int size() {
        return size;
    }

    /** Oldest first. */
    public List<Object> toList() {
        List<Object> l = new ArrayList<>(size);
        for (Bio b = head; b != null; b = b.ifNext) {
            l.add(0, b);
        }
        return l;
    }
}
