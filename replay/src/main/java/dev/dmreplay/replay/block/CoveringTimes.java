package dev.dmreplay.replay.block;

import java.util.Arrays;

/**
 * The kernel's requests of a trace per op class, ordered by first sector, to find the one that served the same
 * sectors as a request the kernel never made in that shape, at about the same moment. blk-mq merges bios into
 * requests by adjacency at the moment they meet in a plug or the scheduler (block/blk-merge.c, v6.1), so a model
 * whose bios arrive a few microseconds apart from the kernel's may dispatch a dm-snapshot's 64 KiB COW write alone
 * where the kernel had merged it with its neighbour into one 128 KiB request. The device served those sectors then
 * in the kernel's request's time; a draw from every request of the class instead may hand it a time from another
 * moment, up to the trace's longest (a write behind a 20 ms flush), and hold a copy, and every write waiting for
 * it, for milliseconds the kernel never spent.
 *
 * <p>Built once per disk model, on its first request without a time of its own, from at most
 * {@code TraceServiceModel.MAX_RECORDED} requests: its memory is bounded whatever the trace's length.
 */
final class CoveringTimes {
    /**
     * The largest request (in sectors) that takes a covering request's time: 256 KiB, what a target's worker writes
     * and the kernel merges (a snapshot's COW chunks, a thin pool's block copies and zeroing, merged two or three at a
     * time). A small request's time is mostly the device's per-command latency, so the merged request's time stands
     * for each of its pieces; a large one's grows with its size, and a piece of it (md's resync reads, 2560 sectors
     * in the kernel, 1920 and 640 in the model, which counts a segment per page; a writeback's 1224 sectors of the
     * kernel's 2560) would be served as if it were the whole: real-raid1-resync's p90 went 1.07 → 1.18 and
     * q-stacked's top p50 0.94 → 0.89 with seed 1 when they were. At 128 KiB the edge capture of a thin volume's
     * external origin kept 3-5 of its 16 mismatches (seeds 1 and 3), its copies' pieces merged beyond it.
     */
    static final int MAX_SECTORS = 512;
    /** How far from the model's moment a kernel request may have been dispatched and still stand for it. */
    static final long WINDOW_NS = 20_000_000L;
    /** The most requests a lookup looks at (a sector written over and over has many). */
    private static final int MAX_SCAN = 256;

    /** Per op class: first sectors ascending, then dispatch moments ascending. */
    private final long[][] sector;
    private final int[][] sectors;
    private final long[][] moment;
    private final long[][] ns;
    /** Per op class: the largest request, which bounds how far before a sector an overlapping request can start. */
    private final int[] longest;

    private CoveringTimes(long[][] sector, int[][] sectors, long[][] moment, long[][] ns, int[] longest) {
        this.sector = sector;
        this.sectors = sectors;
        this.moment = moment;
        this.ns = ns;
        this.longest = longest;
    }

    /**
     * Built from per-request records: {@code cls[i]}, {@code first[i]}, {@code len[i]}, {@code when[i]} (ns since
     * the trace's first event, or {@link RecordedTimes#ABSENT}: left out) and {@code time[i]}.
     */
    static CoveringTimes of(int classes, int n, int[] cls, long[] first, int[] len, long[] when, long[] time) {
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            if (when[i] != RecordedTimes.ABSENT && len[i] > 0) {
                count[cls[i]]++;
            }
        }
        Integer[][] order = new Integer[classes][];
        for (int c = 0; c < classes; c++) {
            order[c] = new Integer[count[c]];
            count[c] = 0;
        }
        for (int i = 0; i < n; i++) {
            if (when[i] != RecordedTimes.ABSENT && len[i] > 0) {
                order[cls[i]][count[cls[i]]++] = i;
            }
        }
        long[][] s = new long[classes][];
        int[][] l = new int[classes][];
        long[][] m = new long[classes][];
        long[][] t = new long[classes][];
        int[] longest = new int[classes];
        for (int c = 0; c < classes; c++) {
            // by sector, then moment, then size and time, so the order does not depend on the records' order
            Arrays.sort(order[c], (x, y) -> first[x] != first[y] ? Long.compare(first[x], first[y])
                    : when[x] != when[y] ? Long.compare(when[x], when[y])
                    : len[x] != len[y] ? Integer.compare(len[x], len[y]) : Long.compare(time[x], time[y]));
            int k = order[c].length;
            s[c] = new long[k];
            l[c] = new int[k];
            m[c] = new long[k];
            t[c] = new long[k];
            for (int j = 0; j < k; j++) {
                int i = order[c][j];
                s[c][j] = first[i];
                l[c][j] = len[i];
                m[c][j] = when[i];
                t[c][j] = time[i];
                longest[c] = Math.max(longest[c], len[i]);
            }
        }
        return new CoveringTimes(s, l, m, t, longest);
    }

    /**
     * The time of the kernel's request of the class that covered all of {@code [first, first + len)} dispatched
     * nearest to {@code now}, if within {@link #WINDOW_NS}; {@link RecordedTimes#ABSENT} when there is none. Only
     * a request that covers it all: where the model merged what the kernel dispatched apart, none of the kernel's
     * smaller requests says what the larger one costs, and a draw of its size does better.
     */
    long covering(int cls, long first, int len, long now) {
        if (cls >= sector.length || sector[cls].length == 0 || len <= 0) {
            return RecordedTimes.ABSENT;
        }
        long[] s = sector[cls];
        long end = first + len;
        int j = lowerBound(s, first + 1) - 1; // the last request starting at or before this one's first sector
        long best = RecordedTimes.ABSENT;
        long bestDistance = Long.MAX_VALUE;
        for (int seen = 0; j >= 0 && s[j] + longest[cls] >= end && seen < MAX_SCAN; j--, seen++) {
            long distance = Math.abs(moment[cls][j] - now);
            if (s[j] + sectors[cls][j] < end || distance > WINDOW_NS) {
                continue;
            }
            if (distance < bestDistance) {
                best = ns[cls][j];
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The first index whose value is at least {@code v} ({@code s.length} when none is). */
    private static int lowerBound(long[] s, long v) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
