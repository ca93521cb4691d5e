package dev.dmreplay.replay.workload;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The batches the traced kernel's {@code dmcrypt_write} thread submitted, from the times it submitted each write's
 * clone. The thread takes the whole {@code write_tree} at once and submits it in ascending sector order under one
 * plug ({@code dmcrypt_write}, drivers/md/dm-crypt.c v6.1): the clones of one batch follow each other within
 * microseconds, in ascending sector order, and adjacent ones merge in the plug. A write's <em>take</em> is the first
 * submission of its batch: a replay that let each write reach the tree at its own clone's time had the model's
 * thread take them one by one, each in a plug of its own, and a buffered-writeback capture's 4476 page writes went
 * to the disk in 5023 requests where the kernel's batches made 2284.
 */
public final class CryptWriteBatches {
    /**
     * The largest gap between two submissions of one batch: on the captured 6.1 kernels the thread submitted a batch's
     * clones 5-15 us apart and began the next batch about 100 us after the last one.
     */
    public static final long BATCH_GAP_NS = 30_000L;

    private CryptWriteBatches() {
    }

    /**
     * {@code pairs} (by sector: (Q, submitted) pairs flattened) with each submission time replaced by the first of
     * its batch: submissions no more than {@code gapNs} after the previous one, at a higher sector, are of its batch.
     */
    public static Map<Long, long[]> batchStarts(Map<Long, long[]> pairs, long gapNs) {
        int n = 0;
        for (long[] a : pairs.values()) {
            n += a.length / 2;
        }
        // each submission: its time, its sector, and where it stands in the output (array, index)
        long[] times = new long[n];
        long[] sectors = new long[n];
        long[][] arrays = new long[n][];
        int[] slots = new int[n];
        Integer[] order = new Integer[n];
        Map<Long, long[]> out = new HashMap<>();
        int k = 0;
        for (Map.Entry<Long, long[]> e : pairs.entrySet()) {
            long[] copy = e.getValue().clone();
            out.put(e.getKey(), copy);
            for (int i = 1; i < copy.length; i += 2) {
                times[k] = copy[i];
                sectors[k] = e.getKey();
                arrays[k] = copy;
                slots[k] = i;
                order[k] = k;
                k++;
            }
        }
        Arrays.sort(order, (x, y) -> times[x] != times[y] ? Long.compare(times[x], times[y])
                : Long.compare(sectors[x], sectors[y]));
        long start = 0;
        for (int i = 0; i < n; i++) {
            int c = order[i];
            if (i == 0 || times[c] - times[order[i - 1]] > gapNs || sectors[c] <= sectors[order[i - 1]]) {
                start = times[c];
            }
            arrays[c][slots[c]] = start;
        }
        return out;
    }
}
