package dev.dmreplay.replay.detect;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioList;
import dev.dmreplay.replay.block.LeafDevice;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Mutex;
import dev.dmreplay.replay.sim.Resource;
import dev.dmreplay.replay.sim.RwSemaphore;
import dev.dmreplay.replay.sim.Semaphore;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the wait-for graph of a stuck machine and explains it as a chain: tasks wait on resources (locks,
 * mempools, wait queues); resources are held by tasks or by pool elements (bios, dm_ios); a bio is parked on a
 * list (drained by a task or a work item), served by a dm_io or md flush (waiting for other bios), or in flight
 * at a leaf (which always ends). The first cycle found from the blocked tasks, in task creation order, is
 * reported, e.g. "T1 waits in mempool_alloc for mempool md->bs of X, whose elements are held by bio #12, parked
 * on bio_list of T1, drained only by T1 (cycle)".
 */
public final class WaitForChains {
    private static final int MAX_DEPTH = 64;

    /** A chain and whether a mempool wait is on it. */
    public record Chain(String text, boolean memory, boolean cycle) {
    }

    private final Map<Object, Boolean> dead = new IdentityHashMap<>();

    private WaitForChains() {
    }

    /** Explains why the blocked tasks of {@code kernel} cannot proceed; null if no task is blocked. */
    public static Chain explain(Kernel kernel) {
        WaitForChains w = new WaitForChains();
        Chain fallback = null;
        for (Task t : kernel.tasks()) {
            if (!t.isBlocked()) {
                continue;
            }
            List<Object> path = new ArrayList<>();
            List<Object> found = w.dfs(t, path);
            if (found != null) {
                return w.render(found, true);
            }
            if (fallback == null) {
                fallback = w.render(List.of(t), false);
            }
        }
        return fallback;
    }

    private List<Object> dfs(Object node, List<Object> path) {
        int seen = indexOf(path, node);
        if (seen >= 0) {
            // a cycle closes here, whatever the node is (a task, or a bio a task's own pool wait leads back to)
            List<Object> cyc = new ArrayList<>(path.subList(seen, path.size()));
            return rotateToTask(cyc);
        }
        if (dead.containsKey(node) || path.size() > MAX_DEPTH) {
            return null;
        }
        path.add(node);
        for (Object next : successors(node)) {
            List<Object> r = dfs(next, path);
            if (r != null) {
                return r;
            }
        }
        path.remove(path.size() - 1);
        dead.put(node, Boolean.TRUE);
        return null;
    }

    /**
     * The cycle as a path that starts and ends at the same task: the task created first among those on the cycle
     * (a cycle always contains one, since only tasks wait). Null if it somehow has none.
     */
    private static List<Object> rotateToTask(List<Object> cyc) {
        int best = -1;
        for (int i = 0; i < cyc.size(); i++) {
            if (cyc.get(i) instanceof Task t && (best < 0 || t.id < ((Task) cyc.get(best)).id)) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        List<Object> out = new ArrayList<>(cyc.size() + 1);
        for (int i = 0; i <= cyc.size(); i++) {
            out.add(cyc.get((best + i) % cyc.size()));
        }
        return out;
    }

    private static int indexOf(List<Object> path, Object node) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i) == node) {
                return i;
            }
        }
        return -1;
    }

    static List<Object> successors(Object n) {
        if (n instanceof Task t) {
            if (!t.isBlocked() || t.waitingOn() == null) {
                return Collections.emptyList();
            }
            return t.waitingOn().holders();
        }
        if (n instanceof Bio b) {
            BioList l = b.parkedOn();
            if (l != null) {
                Object d = l.drainer();
                return d == null ? Collections.emptyList() : List.of(d);
            }
            if (b.at instanceof Servicer s) {
                return s.waitsFor();
            }
            if (b.at instanceof LeafDevice) {
                return Collections.emptyList();
            }
            if (b.owner instanceof Servicer s && b.owner != b.at) {
                return List.of(s);
            }
            return Collections.emptyList();
        }
        if (n instanceof Servicer s) {
            return s.waitsFor();
        }
        if (n instanceof WorkItem w) {
            return w.worker() == null ? Collections.emptyList() : List.of(w.worker());
        }
        return Collections.emptyList();
    }

    private Chain render(List<Object> path, boolean cycle) {
        StringBuilder sb = new StringBuilder();
        boolean memory = false;
        for (int i = 0; i < path.size(); i++) {
            Object n = path.get(i);
            boolean last = i == path.size() - 1;
            if (i > 0 && last && cycle) {
                sb.append(label(n)).append(" (cycle)");
                break;
            }
            sb.append(label(n));
            if (n instanceof Task t && t.isBlocked() && t.waitingOn() != null) {
                Resource r = t.waitingOn();
                memory |= r.isMemory();
                sb.append(i == 0 ? " waits in " : ", which waits in ").append(t.waitFunction()).append(" for ").append(r.describe());
                if (!last) {
                    if (r.isMemory()) {
                        sb.append(" (").append(holderSummary(r.holders())).append("), whose elements are held by ");
                    } else {
                        sb.append(isLock(r) ? " held by " : ", which waits for ");
                    }
                }
            } else if (n instanceof Bio b && !last) {
                BioList l = b.parkedOn();
                if (l != null) {
                    sb.append(" parked on ").append(l.name()).append(", drained only by ");
                } else if (b.at instanceof Servicer s) {
                    sb.append(" in ").append(s.serviceName()).append(", which waits for ");
                } else {
                    sb.append(", which waits for ");
                }
            } else if (n instanceof Servicer && !last) {
                sb.append(", which waits for ");
            } else if (n instanceof WorkItem w && !last) {
                sb.append(" running on ");
            } else if (!last) {
                sb.append(" -> ");
            }
        }
        if (!cycle) {
            if (path.size() == 1 && path.get(0) instanceof Task t && t.waitingOn() != null && t.waitingOn().isMemory()) {
                sb.append(" (").append(holderSummary(t.waitingOn().holders())).append(')');
            }
            sb.append(" (blocked; no progress possible)");
        }
        return new Chain(sb.toString(), memory, cycle);
    }

    /**
     * Who holds a pool's elements, grouped by where each holder is (the list it is parked on, the dm_io or device
     * it is in), so that a chain through a shared pool names every task's parked bio and not only the first:
     * "16 elements in use: bio #3 (WRITE to sda) and 1 more parked on bio_list of T1; bio #7 ... of T2".
     */
    static String holderSummary(List<Object> holders) {
        Map<String, List<Object>> groups = new java.util.LinkedHashMap<>();
        for (Object h : holders) {
            groups.computeIfAbsent(where(h), k -> new ArrayList<>()).add(h);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(holders.size()).append(holders.size() == 1 ? " element in use" : " elements in use");
        String sep = ": ";
        for (Map.Entry<String, List<Object>> e : groups.entrySet()) {
            int more = e.getValue().size() - 1;
            sb.append(sep).append(label(e.getValue().get(0)));
            if (more > 0) {
                sb.append(" and ").append(more).append(" more");
            }
            sb.append(e.getKey());
            sep = "; ";
        }
        return sb.toString();
    }

    private static String where(Object h) {
        if (h instanceof Bio b) {
            if (b.parkedOn() != null) {
                return " parked on " + b.parkedOn().name();
            }
            if (b.at instanceof Servicer s) {
                return " in " + s.serviceName();
            }
            if (b.at instanceof LeafDevice d) {
                return " in flight at " + d;
            }
        }
        return "";
    }

    private static boolean isLock(Resource r) {
        return r instanceof Mutex || r instanceof RwSemaphore || r instanceof Semaphore;
    }

    private static String label(Object n) {
        if (n instanceof Task t) {
            return t.name;
        }
        if (n instanceof PoolElement e) {
            return e.label();
        }
        if (n instanceof Servicer s) {
            return s.serviceName();
        }
        if (n instanceof WorkItem w) {
            return w.name;
        }
        return String.valueOf(n);
    }
}
