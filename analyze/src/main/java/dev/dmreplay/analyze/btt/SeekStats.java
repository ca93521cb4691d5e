package dev.dmreplay.analyze.btt;

import java.util.ArrayList;
import java.util.List;

/**
 * Seek distances between consecutive Qs or Ds of one device ({@code seek.c} in btt 2.09): count, mean,
 * btt's "median" and the modes. btt keeps the distances in a red-black tree and both its median and its mode list
 * depend on the tree's shape, but only when several buckets qualify; the counts are therefore kept in a hash table
 * and btt's tree is rebuilt (from the order in which distances were first seen, which fixes its shape) only when
 * the answer depends on it.
 *
 * <p>Memory bound: at most {@value #MAX_DISTINCT} distinct distances are counted per device and direction (about
 * 12 MiB); on a long random workload almost every distance is new, so without a bound the table grows with the
 * trace. A distance first seen after the table is full is left out of the median and the modes
 * ({@link #unrecorded()} counts such seeks); the count and the mean stay exact. btt 2.09 has no bound (its tree
 * grows with the trace), so the seek median and modes equal btt's only while {@link #unrecorded()} is 0.
 */
final class SeekStats {
    private static final class Bucket extends RbTree.Node<Bucket> {
        final long sectors;
        int nseeks = 1;

        Bucket(long sectors) {
            this.sectors = sectors;
        }
    }

    /** The modes as btt's {@code __mode()} collects them (post-order). */
    record Modes(int mostSeeks, List<Long> modes) {
    }

    static final int MAX_DISTINCT = 1 << 18;

    private final LongIntCounts counts = new LongIntCounts();
    private long unrecorded;
    private RbTree<Bucket> tree;
    private long totSeeks;
    private double totalSectors;
    private long lastStart;
    private long lastEnd;

    /** {@code seeki_add()}: distance from the previous range (0 on overlap), absolute value recorded. */
    long add(long start, long end) {
        long dist;
        if ((lastStart <= start && start <= lastEnd) || (lastStart <= end && end <= lastEnd)) {
            dist = 0;
        } else if (start > lastEnd) {
            dist = start - lastEnd;
        } else {
            dist = start - lastStart;
        }
        lastStart = start;
        lastEnd = end;
        long abs = Math.abs(dist);
        totSeeks++;
        totalSectors += abs;
        boolean counted;
        if (counts.size() < MAX_DISTINCT) {
            counts.increment(abs);
            counted = true;
        } else {
            counted = counts.incrementExisting(abs);
        }
        if (counted) {
            tree = null;
        } else {
            unrecorded++;
        }
        return dist;
    }

    /** btt's seek tree, built by inserting the distinct distances in first-seen order. */
    private RbTree<Bucket> tree() {
        if (tree == null) {
            tree = new RbTree<>();
            for (int i = 0; i < counts.size(); i++) {
                long k = counts.firstSeen(i);
                insert(k).nseeks = counts.count(k);
            }
        }
        return tree;
    }

    private Bucket insert(long sectors) {
        Bucket parent = null;
        Bucket p = tree.root();
        boolean left = false;
        while (p != null) {
            parent = p;
            if (sectors < p.sectors) {
                p = p.left;
                left = true;
            } else if (sectors > p.sectors) {
                p = p.right;
                left = false;
            } else {
                return p;
            }
        }
        Bucket b = new Bucket(sectors);
        tree.link(b, parent, left);
        tree.insertColor(b);
        return b;
    }

    /** Seeks whose distance was first seen after {@value #MAX_DISTINCT} distinct ones (not in median/modes). */
    long unrecorded() {
        return unrecorded;
    }

    long nseeks() {
        return totSeeks;
    }

    double mean() {
        return totalSectors / totSeeks;
    }

    /**
     * btt's {@code seeki_median()}: the first bucket in <em>pre-order</em> whose own count reaches half the seeks
     * (the running count is never advanced), else 0. Not a true median; kept for byte-compatible output.
     */
    long median() {
        if (totSeeks == 0) {
            return 0;
        }
        long target = totSeeks / 2;
        int qualifying = 0;
        long only = 0;
        for (int i = 0; i < counts.size() && qualifying < 2; i++) {
            long k = counts.firstSeen(i);
            if (counts.count(k) >= target) {
                qualifying++;
                only = k;
            }
        }
        if (qualifying == 0) {
            return 0;
        }
        if (qualifying == 1) {
            return only;
        }
        Bucket r = tree().root();
        long[] out = {0};
        medianWalk(r, totSeeks / 2, out);
        return out[0];
    }

    private static boolean medianWalk(Bucket n, long target, long[] out) {
        if (n.nseeks >= target) {
            out[0] = n.sectors;
            return true;
        }
        if (n.left != null && medianWalk(n.left, target, out)) {
            return true;
        }
        return n.right != null && medianWalk(n.right, target, out);
    }

    /** The true median of the recorded absolute distances (for dmreplay's own report). */
    long trueMedian() {
        long[] keys = new long[counts.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = counts.firstSeen(i);
        }
        java.util.Arrays.sort(keys);
        long half = (totSeeks + 1) / 2;
        long seen = 0;
        for (long k : keys) {
            seen += counts.count(k);
            if (seen >= half) {
                return k;
            }
        }
        return 0;
    }

    Modes modes() {
        List<Long> modes = new ArrayList<>();
        int most = 0;
        int atMost = 0;
        long only = 0;
        for (int i = 0; i < counts.size(); i++) {
            long k = counts.firstSeen(i);
            int c = counts.count(k);
            if (c > most) {
                most = c;
                atMost = 1;
                only = k;
            } else if (c == most) {
                atMost++;
            }
        }
        if (atMost <= 1) {
            if (atMost == 1) {
                modes.add(only);
            }
            return new Modes(most, modes);
        }
        int[] m = {0};
        boolean[] started = {false};
        modeWalk(tree().root(), modes, m, started);
        return new Modes(m[0], modes);
    }

    private static void modeWalk(Bucket n, List<Long> modes, int[] most, boolean[] started) {
        if (n.left != null) {
            modeWalk(n.left, modes, most, started);
        }
        if (n.right != null) {
            modeWalk(n.right, modes, most, started);
        }
        if (!started[0]) {
            started[0] = true;
            modes.clear();
        } else if (n.nseeks > most[0]) {
            modes.clear();
        } else if (n.nseeks != most[0]) {
            return;
        }
        most[0] = n.nseeks;
        modes.add(n.sectors);
    }
}
