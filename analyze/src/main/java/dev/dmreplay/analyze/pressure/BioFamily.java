package dev.dmreplay.analyze.pressure;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who descends from which top-level bio, learnt from SPLIT and REMAP observations, and what each descendant is
 * still waiting for. A clone stays live until its own completion (a leaf COMPLETE) or, for a clone that was sent
 * to a stacked device, until all clones made from it completed; everything of a tree ends with the top-level
 * COMPLETE. Memory is bounded by the bios in flight: a tree is forgotten when its top-level bio completes.
 *
 * <p>SPLIT observations name the pair in two directions (replay's {@code SplitAndProcess}): for
 * "remainder resubmitted" and "bio_split head" the bio is the parent and value the new clone; for
 * "dm piece" and "bio_split" the bio is the new clone and value its parent. REMAP: bio = clone, value = the
 * bio the dm_io completes.
 */
public final class BioFamily {
    /** Per-node state; {@code root} is the top-level bio id. */
    static final class Node {
        final long id;
        final long root;
        final long parent;
        int pendingChildren;
        boolean counted;

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
    }

    private final Map<Long, Node> nodes = new HashMap<>();
    private final Map<Long, List<Long>> members = new HashMap<>();
    private final List<Events> listeners = new ArrayList<>();

    public void addListener(Events e) {
        listeners.add(e);
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
                String d = o.detail() == null ? "" : o.detail();
                if (d.equals("remainder resubmitted") || d.equals("bio_split head")) {
                    link(o.value(), o.bio(), o.time(), false);
                } else {
                    link(o.bio(), o.value(), o.time(), d.equals("dm piece"));
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
        }
        if (clone && !c.counted && c.id != c.root) {
            c.counted = true;
            for (Events e : listeners) {
                e.cloneBorn(c.root, c.id, time);
            }
        }
    }

    private void complete(Observation o) {
        Node n = nodes.get(o.bio());
        if (n == null) {
            return;
        }
        boolean top = o.detail() != null && o.detail().startsWith("top");
        if (top && n.id == n.root) {
            List<Long> m = members.remove(n.root);
            List<Long> all = m == null ? List.of() : m;
            for (long id : all) {
                Node c = nodes.remove(id);
                if (c != null && c.counted) {
                    c.counted = false;
                    for (Events e : listeners) {
                        e.cloneDied(c.root, c.id, o.time());
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
        while (n != null && n.id != n.root) {
            if (n.counted) {
                n.counted = false;
                for (Events e : listeners) {
                    e.cloneDied(n.root, n.id, time);
                }
            }
            Node p = nodes.get(n.parent);
            if (p == null) {
                return;
            }
            if (--p.pendingChildren > 0 || !p.counted) {
                return;
            }
            n = p;
        }
    }
}
