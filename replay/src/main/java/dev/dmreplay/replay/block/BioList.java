package dev.dmreplay.replay.block;

/**
 * {@code struct bio_list}: a FIFO threaded through {@code bi_next}. Each list knows what it is
 * ({@code "bio_list of T1"}, {@code "md->deferred of vg0"}) and who drains it (a task or a work item), so
 * that a bio parked on it can be explained in a wait-for chain.
 */
public final class BioList {
    private Bio head;
    private Bio tail;
    private int size;
    private String name;
    private Object drainer;

    public BioList(String name, Object drainer) {
        this.name = name;
        this.drainer = drainer;
    }

    public String name() {
        return name;
    }

    /** The task or work item whose progress empties this list. */
    public Object drainer() {
        return drainer;
    }

    public void rename(String name, Object drainer) {
        this.name = name;
        this.drainer = drainer;
        for (Bio b = head; b != null; b = b.next) {
            b.parkedOn = this;
        }
    }

    public boolean isEmpty() {
        return head == null;
    }

    public int size() {
        return size;
    }

    public Bio peek() {
        return head;
    }

    /** {@code bio_list_add}. */
    public void add(Bio b) {
        b.next = null;
        b.parkedOn = this;
        if (tail == null) {
            head = b;
        } else {
            tail.next = b;
        }
        tail = b;
        size++;
    }

    /** {@code bio_list_add_head}. */
    public void addHead(Bio b) {
        b.parkedOn = this;
        b.next = head;
        head = b;
        if (tail == null) {
            tail = b;
        }
        size++;
    }

    /** Inserts {@code b} before the first bio matching {@code before}, or at the tail if none does. */
    public void insertBefore(Bio b, java.util.function.Predicate<Bio> before) {
        Bio prev = null;
        Bio next = head;
        while (next != null && !before.test(next)) {
            prev = next;
            next = next.next;
        }
        if (prev == null) {
            addHead(b);
            return;
        }
        b.parkedOn = this;
        b.next = next;
        prev.next = b;
        if (next == null) {
            tail = b;
        }
        size++;
    }

    /** {@code bio_list_pop}. */
    public Bio pop() {
        Bio b = head;
        if (b == null) {
            return null;
        }
        head = b.next;
        if (head == null) {
            tail = null;
        }
        b.next = null;
        b.parkedOn = null;
        size--;
        return b;
    }

    /** {@code bio_list_merge(this, other)}: appends {@code other}'s bios, leaving it empty. */
    public void merge(BioList other) {
        if (other.head == null) {
            return;
        }
        for (Bio b = other.head; b != null; b = b.next) {
            b.parkedOn = this;
        }
        if (tail == null) {
            head = other.head;
        } else {
            tail.next = other.head;
        }
        tail = other.tail;
        size += other.size;
        other.head = null;
        other.tail = null;
        other.size = 0;
    }

    /** Snapshot for reporting (allocates; not for hot paths). */
    public java.util.List<Bio> toList() {
        java.util.List<Bio> l = new java.util.ArrayList<>(size);
        for (Bio b = head; b != null; b = b.next) {
            l.add(b);
        }
        return l;
    }

    @Override
    public String toString() {
        return name;
    }
}
