package dev.dmreplay.replay.util;

import java.util.Arrays;

/**
 * A list of longs that only grows at its end, kept in chunks of {@link #CHUNK} values: growing never copies what is
 * already there (only the first chunk is doubled, up to a chunk, so that a short list stays small).
 *
 * <p>Why: a replay's survey fills tables of a few hundred thousand values (recorded times, D2C samples, the logged
 * Qs of a mapped device) while it reads the trace. Kept in arrays doubled when full, each table's older copies had
 * been promoted to the old generation before they were dropped, so the collector copied about 75 MB of dead arrays
 * into fresh old-generation pages, whose first touch made most of its pause time (docs/PERFORMANCE.md, "Replay end
 * to end, again"). Chunks are copied once, when they are promoted, and never become garbage.
 *
 * <p>Not thread-safe.
 */
public final class LongChunks {
    private static final int SHIFT = 13;
    /** Values per chunk (64 KiB): small beside the tables, large beside a chunk's header and its slot in the index. */
    public static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;
    private static final int FIRST = 8;

    private long[][] chunks;
    /** The chunk being filled and the index of its next value. */
    private long[] tail;
    private int pos;
    private int size;

    public LongChunks() {
        tail = new long[FIRST];
        chunks = new long[][] {tail};
    }

    private LongChunks(long[][] chunks, int size) {
        this.chunks = chunks;
        this.size = size;
        int last = size == 0 ? 0 : (size - 1) >>> SHIFT;
        this.tail = chunks[last];
        this.pos = size - (last << SHIFT);
    }

    public int size() {
        return size;
    }

    /** Appends {@code v}. */
    public void add(long v) {
        if (pos == tail.length) {
            grow();
        }
        tail[pos++] = v;
        size++;
    }

    private void grow() {
        if (tail.length < CHUNK) { // the first chunk, doubled up to a chunk
            tail = chunks[0] = Arrays.copyOf(tail, tail.length * 2);
            return;
        }
        int c = size >>> SHIFT;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        tail = chunks[c] = new long[CHUNK];
        pos = 0;
    }

    /** The value at {@code i} (below {@link #size()}). */
    public long get(int i) {
        return chunks[i >>> SHIFT][i & MASK];
    }

    /** Replaces the value at {@code i} (below {@link #size()}). */
    public void set(int i, long v) {
        chunks[i >>> SHIFT][i & MASK] = v;
    }

    /** The values in one array of {@link #size()}. */
    public long[] toArray() {
        long[] a = new long[size];
        for (int c = 0, from = 0; from < size; c++, from += CHUNK) {
            System.arraycopy(chunks[c], 0, a, from, Math.min(CHUNK, size - from));
        }
        return a;
    }

    /** A copy that later changes to this list do not reach, and that does not change this one. */
    public LongChunks copy() {
        long[][] c = new long[Math.max(1, chunks.length)][];
        for (int i = 0; i < chunks.length && chunks[i] != null; i++) {
            c[i] = chunks[i].clone();
        }
        return new LongChunks(c, size);
    }
}
