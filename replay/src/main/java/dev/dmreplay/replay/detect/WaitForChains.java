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
            if (node instanceof Task) {
                List<Object> cyc = new ArrayList<>(path.subList(seen, path.size()));
                cyc.add(node);
                return cyc;
            }
            return null;
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
                        sb.append(" (").append(r.holders().size()).append(" elements in use), whose elements are held by ");
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
            sb.append(" (blocked; no progress possible)");
        }
        return new Chain(sb.toString(), memory, cycle);
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
