package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.place.PlacedSource;
import java.util.Arrays;
import java.util.List;

/**
 * Events a {@link TopLevelFilter} picked, in trace order, with what the model takes from the filter for each:
 * the event's time, action and length, the device name and sector it is submitted to, the submitter task's name when it is its pid's first request,
 * the submission clock's origin, and the filter's {@link QueueAccounting} counts and stack-own I/O
 * ({@link TraceWorkload#leftToModel}) as they stood when the event was picked. The last batch of a trace says
 * so ({@link #ended}, with the final counts and what placement did) or carries the read error that ended it.
 * Batches are refilled, not reallocated: a feed passes a few back and forth. The events' fields are kept, not the
 * events, so that a batch read back from a {@link TopLevelSpill} is the same as one the filter filled.
 */
final class TopLevelBatch {
    /** Per event: its time, action bits ({@link dev.dmreplay.ingest.model.Category}) and length in sectors. */
    final long[] times;
    final int[] actions;
    final int[] lengths;
    final String[] devices;
    final long[] sectors;
    final long[] origins;
    /** The submitter's name at its pid's first request, else null. */
    final String[] taskNames;
    /** The submitter's number: its pid's rank in order of first request. */
    final int[] submitters;
    /** Per event: the traced task's plug held a request when it queued it ({@link TracedPlugs}). */
    final boolean[] intoOpenPlug;
    /** {@link QueueAccounting#COUNTERS} counts per event. */
    final long[] counts;
    /** Per event: how many of {@link #leftToModelKeys} were recorded before it. */
    final int[] leftToModelMarks;
    String[] leftToModelKeys = new String[0];
    long[] leftToModelSectors = new long[0];
    int leftToModelSize;
    int size;
    /** The trace was read to its end after these events. */
    boolean ended;
    /** Counts after the last event (at the end, or at the error). */
    final long[] endCounts = new long[QueueAccounting.COUNTERS];
    /** What placement did ({@code --map}), at the end of a placed trace; else empty. */
    List<PlacedSource.RouteCounts> placed = List.of();
    /** The read error (an {@link java.io.IOException} or unchecked) that ended the trace after these events. */
    Throwable error;

    TopLevelBatch(int capacity) {
        times = new long[capacity];
        actions = new int[capacity];
        lengths = new int[capacity];
        devices = new String[capacity];
        sectors = new long[capacity];
        origins = new long[capacity];
        taskNames = new String[capacity];
        submitters = new int[capacity];
        intoOpenPlug = new boolean[capacity];
        counts = new long[capacity * QueueAccounting.COUNTERS];
        leftToModelMarks = new int[capacity];
    }

    int capacity() {
        return times.length;
    }

    void clear() {
        Arrays.fill(taskNames, 0, size, null);
        Arrays.fill(leftToModelKeys, 0, leftToModelSize, null);
        size = 0;
        leftToModelSize = 0;
        ended = false;
        placed = List.of();
        error = null;
    }

    void addLeftToModel(String key, long sectors) {
        if (leftToModelSize == leftToModelKeys.length) {
            int n = Math.max(16, leftToModelSize * 2);
            leftToModelKeys = Arrays.copyOf(leftToModelKeys, n);
            leftToModelSectors = Arrays.copyOf(leftToModelSectors, n);
        }
        leftToModelKeys[leftToModelSize] = key;
        leftToModelSectors[leftToModelSize] = sectors;
        leftToModelSize++;
    }
}
