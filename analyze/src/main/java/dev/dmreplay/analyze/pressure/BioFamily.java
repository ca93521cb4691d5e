package dev.dmreplay.analyze.pressure;

import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.SplitKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who descends from which top-level bio, learnt from SPLIT and REMAP observations, and what each descendant is
 * still waiting for. A clone stays live until its own completion (a leaf COMPLETE) or, for a clone that was sent
 * to a stacked device, until all clones made from it completed; the head clone of a G2/G3 remainder split ends
 * when the clones of its piece completed (its dm_io ended); everything of a tree ends with the top-level
 * COMPLETE. Memory is bounded by the bios in flight: a tree is forgotten when its top-level bio completes.
 *
 * <p>SPLIT observations name the pair in two directions, as their {@link SplitKind} says: for the kinds that
 * resubmit the original ({@link SplitKind#resubmitsOriginal()}) the bio is the parent and value the new clone;
 * for a DM piece and a block {@code bio_split} the bio is the new clone and value its parent. REMAP: bio = clone,
 * value = the bio the dm_io completes.
 */
public final class BioFamily {
    /** Per-node state; {@code root} is the top-level bio id. */
    static final class Node {
        final long id;
        final long root;
        long parent;
        int pendingChildren;
        boolean counted;
        /** Ends when its last child completes: a clone sent to a stacked device, or a piece's remainder clone. */
        boolean endsWithChildren;
        boolean done;
        /** Children linked since the last remainder split of this bio (the clones of the current piece). */
        List<Long> recent;

        Node(long id, long root, long parent) {
            this.id = id;
            this.root = root;
            this.parent = parent;
        }
    }

    /** Callback for clone life events. */
    public interface Events {
        void cloneBorn(long root, long clone, long time);

        void cloneDied(long root, long clone, long time);

        void rootDone(long root, List<Long> members, long time);

        /** Any descendant whose life ended (its own completion, or the completion of all clones made from it). */
        default void bioDone(long root, long bio, long time) {
        }
    }

    private final Map<Long, Node> nodes = new HashMap<>();
    private final Map<Long, List<Long>> members = new HashMap<>();
    private final List<Events> listeners = new ArrayList<>();

    public void addListener(Events e) {
        listeners.add(e);
    }

    /** Whether {@code bio} belongs to a tree whose top-level bio has not completed yet. */
    public boolean known(long bio) {
        return nodes.containsKey(bio);
    }

    /** Root (top-level bio id) of {@code bio}, or {@code bio} itself if unknown. */
    public long root(long bio) {
        Node n = nodes.get(bio);
        return n == null ? bio : n.root;
    }

    public void on(Observation o) {
        switch (o.kind()) {
            case SUBMIT -> {
                if (o.bio() != 0 && !nodes.containsKey(o.bio())) {
                    nodes.put(o.bio(), new Node(o.bio(), o.bio(), 0));
                    members.put(o.bio(), new ArrayList<>());
                }
            }
            case SPLIT -> {
                SplitKind k = o.split();
                if (k != null && k.resubmitsOriginal()) {
                    remainder(o.bio(), o.value(), o.time());
                } else {
                    link(o.bio(), o.value(), o.time(), k == SplitKind.DM_PIECE);
                }
            }
            case REMAP -> link(o.bio(), o.value(), o.time(), true);
            case COMPLETE -> complete(o);
            default -> {
            }
        }
    }

    private void link(long child, long parent, long time, boolean clone) {
        if (child == 0 || parent == 0) {
            return;
        }
        Node p = nodes.get(parent);
        if (p == null) {
            return; // parent already gone or not a descendant of a submitted bio
        }
        Node c = nodes.get(child);
        if (c == null) {
            c = new Node(child, p.root, parent);
            nodes.put(child, c);
            List<Long> m = members.get(p.root);
            if (m != null) {
                m.add(child);
            }
            p.pendingChildren++;
            if (p.recent == null) {
                p.recent = new ArrayList<>();
            }
            p.recent.add(child);
        }
        if (clone && !c.counted && c.id != c.root) {
            c.endsWithChildren = true;
            c.counted = true;
            for (Events e : listeners) {
                e.cloneBorn(c.root, c.id, time);
            }
        }
    }

    /**
     * {@code bio_clone_bioset}/{@code bio_split} of the processed head (G2/G3): the new clone {@code head} is what
     * the piece's dm_io now completes, so the clones of that piece become its children; it ends when they have.
     */
    private void remainder(long parent, long head, long time) {
        Node p = nodes.get(parent);
        if (p == null || head == 0) {
            return;
        }
        link(head, parent, time, false);
        Node h = nodes.get(head);
        if (h == null || h.parent != parent) {
            return;
        }
        h.endsWithChildren = true;
        if (p.recent != null) {
            for (long id : p.recent) {
                Node c = nodes.get(id);
                if (c == null || c == h || c.parent != parent) {
                    continue;
                }
                c.parent = head;
                if (!c.done) {
                    p.pendingChildren--;
                    h.pendingChildren++;
                }
            }
            p.recent = null;
        }
        if (h.pendingChildren == 0) {
            done(h, time);
        }
    }

    private void complete(Observation o) {
        Node n = nodes.get(o.bio());
        if (n == null) {
            return;
        }
        boolean top = o.role() == BioRole.TOP_LEVEL;
        if (top && n.id == n.root) {
            List<Long> m = members.remove(n.root);
            List<Long> all = m == null ? List.of() : m;
            for (long id : all) {
                Node c = nodes.remove(id);
                if (c != null && !c.done) {
                    c.done = true;
                    if (c.counted) {
                        c.counted = false;
                        for (Events e : listeners) {
                            e.cloneDied(c.root, c.id, o.time());
                        }
                    }
                    for (Events e : listeners) {
                        e.bioDone(c.root, c.id, o.time());
                    }
                }
            }
            nodes.remove(n.id);
            for (Events e : listeners) {
                e.rootDone(n.root, all, o.time());
            }
            return;
        }
        done(n, o.time());
    }

    /** A leaf completion; a parent clone whose children all completed completes too (bio_endio of a dm_io). */
    private void done(Node n, long time) {
        while (n != null && n.id != n.root && !n.done) {
            n.done = true;
            if (n.counted) {
                n.counted = false;
                for (Events e : listeners) {
                    e.cloneDied(n.root, n.id, time);
                }
            }
            for (Events e : listeners) {
                e.bioDone(n.root, n.id, time);
            }
            Node p = nodes.get(n.parent);
            if (p == null) {
                return;
            }
            if (--p.pendingChildren > 0 || !p.endsWithChildren) {
                return;
            }
            n = p;
        }
    }
}
