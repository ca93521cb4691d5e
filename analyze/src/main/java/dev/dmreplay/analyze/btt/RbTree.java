package dev.dmreplay.analyze.btt;

/**
 * An intrusive red-black tree with the exact rebalancing of the classic Linux {@code lib/rbtree.c} (the 2.6-era
 * version that blktrace bundles as {@code rbtree.c} and btt 2.09 links against).
 *
 * <p>btt's results depend on the <em>shape</em> of its trees, not only on their order: sector lookups prune
 * subtrees assuming non-overlapping ranges, the seek "median" walks the tree in pre-order, the mode list is built
 * in post-order and the active-period merge only inspects nodes on one search path. Reproducing btt's output
 * therefore needs the same insert and erase fix-ups, which is why this is not a {@code TreeMap}.
 *
 * <p>Callers walk down from {@link #root()} themselves (as the C code does), then {@link #link} the new node under
 * the parent they stopped at and call {@link #insertColor}.
 */
final class RbTree<N extends RbTree.Node<N>> {

    /** Base class of tree members: links and colour live in the element itself. */
    abstract static class Node<N extends Node<N>> {
        N left;
        N right;
        N parent;
        boolean red;
    }

    private N root;

    N root() {
        return root;
    }

    boolean isEmpty() {
        return root == null;
    }

    /** {@code rb_link_node}: attaches a fresh red node as a leaf below {@code parent} (null: as the root). */
    void link(N node, N parent, boolean asLeft) {
        node.parent = parent;
        node.left = null;
        node.right = null;
        node.red = true;
        if (parent == null) {
            root = node;
        } else if (asLeft) {
            parent.left = node;
        } else {
            parent.right = node;
        }
    }

    private void rotateLeft(N node) {
        N right = node.right;
        N parent = node.parent;
        node.right = right.left;
        if (node.right != null) {
            node.right.parent = node;
        }
        right.left = node;
        right.parent = parent;
        if (parent != null) {
            if (node == parent.left) {
                parent.left = right;
            } else {
                parent.right = right;
            }
        } else {
            root = right;
        }
        node.parent = right;
    }

    private void rotateRight(N node) {
        N left = node.left;
        N parent = node.parent;
        node.left = left.right;
        if (node.left != null) {
            node.left.parent = node;
        }
        left.right = node;
        left.parent = parent;
        if (parent != null) {
            if (node == parent.right) {
                parent.right = left;
            } else {
                parent.left = left;
            }
        } else {
            root = left;
        }
        node.parent = left;
    }

    /** {@code rb_insert_color}: restores the red-black properties after {@link #link}. */
    void insertColor(N node) {
        N parent;
        while ((parent = node.parent) != null && parent.red) {
            N gparent = parent.parent;
            if (parent == gparent.left) {
                N uncle = gparent.right;
                if (uncle != null && uncle.red) {
                    uncle.red = false;
                    parent.red = false;
                    gparent.red = true;
                    node = gparent;
                    continue;
                }
                if (parent.right == node) {
                    rotateLeft(parent);
                    N tmp = parent;
                    parent = node;
                    node = tmp;
                }
                parent.red = false;
                gparent.red = true;
                rotateRight(gparent);
            } else {
                N uncle = gparent.left;
                if (uncle != null && uncle.red) {
                    uncle.red = false;
                    parent.red = false;
                    gparent.red = true;
                    node = gparent;
                    continue;
                }
                if (parent.left == node) {
                    rotateRight(parent);
                    N tmp = parent;
                    parent = node;
                    node = tmp;
                }
                parent.red = false;
                gparent.red = true;
                rotateLeft(gparent);
            }
        }
        root.red = false;
    }

    private static boolean isBlack(Node<?> n) {
        return n == null || !n.red;
    }

    private void eraseColor(N node, N parent) {
        while (isBlack(node) && node != root) {
            if (parent.left == node) {
                N other = parent.right;
                if (other.red) {
                    other.red = false;
                    parent.red = true;
                    rotateLeft(parent);
                    other = parent.right;
                }
                if (isBlack(other.left) && isBlack(other.right)) {
                    other.red = true;
                    node = parent;
                    parent = node.parent;
                } else {
                    if (isBlack(other.right)) {
                        if (other.left != null) {
                            other.left.red = false;
                        }
                        other.red = true;
                        rotateRight(other);
                        other = parent.right;
                    }
                    other.red = parent.red;
                    parent.red = false;
                    if (other.right != null) {
                        other.right.red = false;
                    }
                    rotateLeft(parent);
                    node = root;
                    break;
                }
            } else {
                N other = parent.left;
                if (other.red) {
                    other.red = false;
                    parent.red = true;
                    rotateRight(parent);
                    other = parent.left;
                }
                if (isBlack(other.left) && isBlack(other.right)) {
                    other.red = true;
                    node = parent;
                    parent = node.parent;
                } else {
                    if (isBlack(other.left)) {
                        if (other.right != null) {
                            other.right.red = false;
                        }
                        other.red = true;
                        rotateLeft(other);
                        other = parent.left;
                    }
                    other.red = parent.red;
                    parent.red = false;
                    if (other.left != null) {
                        other.left.red = false;
                    }
                    rotateRight(parent);
                    node = root;
                    break;
                }
            }
        }
        if (node != null) {
            node.red = false;
        }
    }

    /** {@code rb_erase}: unlinks {@code node} (which must be in this tree) and rebalances. */
    void erase(N node) {
        N child;
        N parent;
        boolean red;
        if (node.left == null) {
            child = node.right;
        } else if (node.right == null) {
            child = node.left;
        } else {
            N old = node;
            node = node.right;
            while (node.left != null) {
                node = node.left;
            }
            child = node.right;
            parent = node.parent;
            red = node.red;
            if (child != null) {
                child.parent = parent;
            }
            if (parent == old) {
                parent.right = child;
                parent = node;
            } else {
                parent.left = child;
            }
            node.parent = old.parent;
            node.red = old.red;
            node.right = old.right;
            node.left = old.left;
            if (old.parent != null) {
                if (old.parent.left == old) {
                    old.parent.left = node;
                } else {
                    old.parent.right = node;
                }
            } else {
                root = node;
            }
            old.left.parent = node;
            if (old.right != null) {
                old.right.parent = node;
            }
            clear(old);
            if (!red) {
                eraseColor(child, parent);
            }
            return;
        }
        parent = node.parent;
        red = node.red;
        if (child != null) {
            child.parent = parent;
        }
        if (parent != null) {
            if (parent.left == node) {
                parent.left = child;
            } else {
                parent.right = child;
            }
        } else {
            root = child;
        }
        clear(node);
        if (!red) {
            eraseColor(child, parent);
        }
    }

    /** {@code rb_replace_node}: puts {@code replacement} where {@code victim} is, same links and colour. */
    void replace(N victim, N replacement) {
        N parent = victim.parent;
        if (parent != null) {
            if (victim == parent.left) {
                parent.left = replacement;
            } else {
                parent.right = replacement;
            }
        } else {
            root = replacement;
        }
        if (victim.left != null) {
            victim.left.parent = replacement;
        }
        if (victim.right != null) {
            victim.right.parent = replacement;
        }
        replacement.parent = victim.parent;
        replacement.left = victim.left;
        replacement.right = victim.right;
        replacement.red = victim.red;
        clear(victim);
    }

    private static void clear(Node<?> n) {
        n.left = null;
        n.right = null;
        n.parent = null;
    }
}
