package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;

/**
 * A slice of decoded rows, column by column, as {@link EventColumnsReader} fills it on the decoding thread and
 * {@link ParquetEventSource} hands its rows out as {@link BlockEvent}s on the caller's thread.
 *
 * <p>Why columns and not events: slices are recycled between the two threads, so what is in flight between
 * them is a few sets of primitive arrays that live in the old generation, not tens of thousands of young event
 * objects that every young collection copied and the smallest survivor spaces promoted (the store's reader
 * collected about twice as long as the binary reader for the same events). Each event is made just before the
 * caller gets it, and dies young.
 */
final class RowSlice {
    final long[] time;
    final int[] sequence;
    final long[] sector;
    final int[] bytes;
    final int[] action;
    final int[] pid;
    final int[] device;
    final int[] cpu;
    final int[] error;
    final byte[][] pdu;
    /** 0 for a version 7 record (a null, or no action_ext column). */
    final int[] ext;
    /** Rows filled, from index 0. */
    int rows;

    RowSlice(int capacity) {
        time = new long[capacity];
        sequence = new int[capacity];
        sector = new long[capacity];
        bytes = new int[capacity];
        action = new int[capacity];
        pid = new int[capacity];
        device = new int[capacity];
        cpu = new int[capacity];
        error = new int[capacity];
        pdu = new byte[capacity][];
        ext = new int[capacity];
    }

    int capacity() {
        return time.length;
    }

    /** Row {@code i} as an event; its payload reference is dropped from the slice. */
    BlockEvent event(int i) {
        byte[] p = pdu[i];
        pdu[i] = null;
        return new BlockEvent(time[i], sequence[i], sector[i], bytes[i], action[i], pid[i], device[i], cpu[i],
                error[i], p, ext[i]);
    }
}
