package dev.dmreplay.analyze.btt;

/**
 * I/O active periods ({@code p_live.c} in btt 2.09): D-to-C spans merged into "live" periods. A new span is merged
 * only with spans met on its search path, so overlapping spans elsewhere in the tree stay separate; the tree
 * shape therefore decides the count, as in btt.
 */
final class LiveTree {
    private static final class Span extends RbTree.Node<Span> {
        final long dt;
        final long ct;

        Span(long dt, long ct) {
            this.dt = dt;
            this.ct = ct;
        }

        boolean touches(long d, long c) {
            return (dt <= d && d <= ct) || (dt <= c && c <= ct) || (d < dt && ct < c);
        }
    }

    /** {@code struct p_live_info}. */
    record Summary(long nlives, double avgLive, double avgLull, double pctLive) {
    }

    private final RbTree<Span> tree = new RbTree<>();

    void add(long dt, long ct) {
        while (true) {
            Span parent = null;
            Span p = tree.root();
            boolean left = false;
            Span hit = null;
            while (p != null) {
                parent = p;
                if (p.touches(dt, ct)) {
                    hit = p;
                    break;
                }
                if (ct < p.dt) {
                    p = p.left;
                    left = true;
                } else {
                    p = p.right;
                    left = false;
                }
            }
            if (hit == null) {
                Span s = new Span(dt, ct);
                tree.link(s, parent, left);
                tree.insertColor(s);
                return;
            }
            tree.erase(hit);
            dt = Math.min(hit.dt, dt);
            ct = Math.max(hit.ct, ct);
        }
    }

    /**
     * {@code p_live_get()}. btt's start time stays 0 (an unsigned compared with 0.0), so the live percentage is
     * relative to the time since the first event, and a single period reports an average activity of 0.
     */
    Summary summary() {
        long[] acc = new long[3]; // nlives, totLive, tEnd
        visit(tree.root(), acc);
        long n = acc[0];
        if (n == 0) {
            return new Summary(0, 0, 0, 0);
        }
        if (n == 1) {
            return new Summary(1, 0, 0, 100.0);
        }
        double tTime = CFormat.bitTime(acc[2]);
        double totLive = CFormat.bitTime(acc[1]);
        return new Summary(n, totLive / n, (tTime - totLive) / (n - 1), 100.0 * (totLive / tTime));
    }

    private static void visit(Span s, long[] acc) {
        if (s == null) {
            return;
        }
        visit(s.left, acc);
        acc[0]++;
        acc[1] += s.ct - s.dt;
        if (Long.compareUnsigned(s.ct, acc[2]) > 0) {
            acc[2] = s.ct;
        }
        visit(s.right, acc);
    }
}
