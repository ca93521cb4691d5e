package dev.dmreplay.ingest.records;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A time-ordered buffer for nearly sorted input: insertion from the tail, so an element already in order costs
 * O(1) and one slightly late costs the distance it moves back (a heap would pay log n on every element).
 */
public final class ReorderBuffer<T> {
    private final Comparator<? super T> order;
    private Object[] items = new Object[1024];
    private int head;
    private int tail;

    public ReorderBuffer(Comparator<? super T> order) {
        this.order = order;
    }

    public int size() {
        return tail - head;
    }

    public boolean isEmpty() {
        return tail == head;
    }

    @SuppressWarnings("unchecked")
    public T peek() {
        return head == tail ? null : (T) items[head];
    }

    @SuppressWarnings("unchecked")
    public T poll() {
        if (head == tail) {
            return null;
        }
        T t = (T) items[head];
        items[head++] = null;
        return t;
    }

    @SuppressWarnings("unchecked")
    public void add(T t) {
        if (tail == items.length) {
            int n = size();
            if (n * 2 > items.length) {
                items = Arrays.copyOfRange(items, head, head + Math.max(n * 2, 1024));
            } else {
                System.arraycopy(items, head, items, 0, n);
                Arrays.fill(items, n, tail, null);
            }
            head = 0;
            tail = n;
        }
        int pos = tail;
        while (pos > head && order.compare((T) items[pos - 1], t) > 0) {
            pos--;
        }
        if (pos < tail) {
            System.arraycopy(items, pos, items, pos + 1, tail - pos);
        }
        items[pos] = t;
        tail++;
    }
}
