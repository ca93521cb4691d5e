package dev.dmreplay.analyze.btt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RbTreeTest {
    static final class N extends RbTree.Node<N> {
        final long key;

        N(long key) {
            this.key = key;
        }
    }

    private static boolean insert(RbTree<N> t, N n) {
        N parent = null;
        N p = t.root();
        boolean left = false;
        while (p != null) {
            parent = p;
            if (n.key == p.key) {
                return false;
            }
            left = n.key < p.key;
            p = left ? p.left : p.right;
        }
        t.link(n, parent, left);
        t.insertColor(n);
        return true;
    }

    /** Black height, checking order, parent links and no red node with a red child. */
    private static int check(N n, long lo, long hi) {
        if (n == null) {
            return 1;
        }
        assertThat(n.key).isBetween(lo, hi);
        if (n.red) {
            assertThat(n.left == null || !n.left.red).isTrue();
            assertThat(n.right == null || !n.right.red).isTrue();
        }
        if (n.left != null) {
            assertThat(n.left.parent).isSameAs(n);
        }
        if (n.right != null) {
            assertThat(n.right.parent).isSameAs(n);
        }
        int l = check(n.left, lo, n.key - 1);
        int r = check(n.right, n.key + 1, hi);
        assertThat(l).isEqualTo(r);
        return l + (n.red ? 0 : 1);
    }

    @Test
    void randomInsertsAndErasesKeepRedBlackInvariants() {
        Random rnd = new Random(42);
        RbTree<N> t = new RbTree<>();
        List<N> live = new ArrayList<>();
        TreeSet<Long> keys = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                N n = new N(rnd.nextInt(5000));
                if (insert(t, n)) {
                    live.add(n);
                    keys.add(n.key);
                }
            } else {
                N n = live.remove(rnd.nextInt(live.size()));
                t.erase(n);
                keys.remove(n.key);
            }
            if (i % 997 == 0) {
                assertThat(t.root() == null || !t.root().red).isTrue();
                check(t.root(), Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        List<Long> inOrder = new ArrayList<>();
        walk(t.root(), inOrder);
        assertThat(inOrder).containsExactlyElementsOf(keys);
    }

    @Test
    void ascendingInsertsGiveTheKernelShape() {
        RbTree<N> t = new RbTree<>();
        for (long k = 1; k <= 7; k++) {
            insert(t, new N(k));
        }
        // lib/rbtree.c rebalancing on 1..7 leaves the right-leaning shape 2(1, 4(3, 6(5, 7))).
        assertThat(t.root().key).isEqualTo(2);
        assertThat(t.root().right.key).isEqualTo(4);
        assertThat(t.root().right.right.key).isEqualTo(6);
    }

    private static void walk(N n, List<Long> out) {
        if (n != null) {
            walk(n.left, out);
            out.add(n.key);
            walk(n.right, out);
        }
    }
}
