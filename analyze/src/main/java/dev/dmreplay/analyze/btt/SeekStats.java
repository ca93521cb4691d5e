package dev.dmreplay.analyze.btt;

import java.util.ArrayList;
import java.util.List;

/**
 * Seek distances between consecutive Qs or Ds of one device ({@code seek.c} in btt 2.09): count, mean,
 * btt's "median" and the modes. Distances are kept in btt's red-black tree because both the median and the mode
 * list depend on its shape.
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

    private final RbTree<Bucket> tree = new RbTree<>();
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
        insert(abs);
        return dist;
    }

    private void insert(long sectors) {
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
                p.nseeks++;
                return;
            }
        }
        Bucket b = new Bucket(sectors);
        tree.link(b, parent, left);
        tree.insertColor(b);
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
        Bucket r = tree.root();
        if (r == null) {
            return 0;
        }
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
        List<Bucket> inOrder = new ArrayList<>();
        inOrder(tree.root(), inOrder);
        long half = (totSeeks + 1) / 2;
        long seen = 0;
        for (Bucket b : inOrder) {
            seen += b.nseeks;
            if (seen >= half) {
                return b.sectors;
            }
        }
        return 0;
    }

    private static void inOrder(Bucket n, List<Bucket> out) {
        if (n != null) {
            inOrder(n.left, out);
            out.add(n);
            inOrder(n.right, out);
        }
    }

    Modes modes() {
        List<Long> modes = new ArrayList<>();
        int[] most = {0};
        boolean[] started = {false};
        if (tree.root() != null) {
            modeWalk(tree.root(), modes, most, started);
        }
        return new Modes(most[0], modes);
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
