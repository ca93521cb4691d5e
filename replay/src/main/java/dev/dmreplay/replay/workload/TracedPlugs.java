package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.BlockEvent;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a task's block plug still held requests when it queued a bio, learnt from the trace's plug records as it is
 * read. {@code blk_add_rq_to_plug} (block/blk-mq.c v6.1) traces {@code P} when a request enters an empty plug,
 * right after the request's {@code G}; the request leaves the plug when it is dispatched ({@code D}): by the task
 * itself when the plug is flushed ({@code blk_finish_plug}, or before a request is added once the last one reached
 * {@code BLK_PLUG_FLUSH_SIZE}), or by kblockd when a sleeping task's plug was flushed asynchronously. Older kernels
 * also trace the flush itself ({@code U}, {@code UT}).
 *
 * <p>Why it matters: writeback of the page cache ({@code write_cache_pages} under the plug of
 * {@code generic_writepages}) and a batch of {@code io_submit} queue many bios under one plug, and blk-mq merges them
 * there into requests of up to the queue's limits (q-linear, buffered 64 KiB writes and an fsync: 4096 bios of 4 KiB
 * in 943 requests of up to 2032 sectors). A replayed task plugs around each write only (as
 * {@code blkdev_write_iter} does for direct I/O), so each went down alone: 5023 requests and a Q2C median 8 times the
 * kernel's. A bio queued while the task's plug held a request is queued into that plug in the replay too
 * ({@link Submitter}).
 *
 * <p>Memory is bounded: at most {@value #MAX_PER_TASK} plugged requests per task and {@value #MAX_TASKS} tasks;
 * a request held longer than {@value #STALE_NS} ns is taken to have left the plug unseen.
 */
final class TracedPlugs {
    static final long STALE_NS = 20_000_000L;
    static final int MAX_PER_TASK = 64;
    static final int MAX_TASKS = 1 << 14;
    /** No request (keys of a device number shifted into the high bits can be negative). */
    private static final long NONE = Long.MIN_VALUE;

    /** Per task: its last request allocated ({@code G}), and its plugged requests (key → time plugged). */
    private static final class Task {
        /** The key of the last request allocated and not yet plugged, or {@link #NONE}. */
        long lastGetrq = NONE;
        final Map<Long, Long> plugged = new HashMap<>();
    }

    private final Map<Integer, Task> tasks = new HashMap<>();
    /** Plugged request (device, sector) → the task whose plug holds it. */
    private final Map<Long, Integer> owners = new HashMap<>();

    /** Follows one record of the trace, in trace order. */
    void accept(BlockEvent e) {
        switch (e.kind()) {
            case GETRQ -> {
                Task t = task(e.pid());
                if (t != null) {
                    t.lastGetrq = key(e.device(), e.sector());
                }
            }
            case PLUG -> {
                Task t = tasks.get(e.pid());
                if (t != null && t.lastGetrq != NONE && t.plugged.size() < MAX_PER_TASK) {
                    t.plugged.put(t.lastGetrq, e.time());
                    owners.put(t.lastGetrq, e.pid());
                    t.lastGetrq = NONE;
                }
            }
            case ISSUE -> {
                Task own = tasks.get(e.pid());
                if (own != null && !own.plugged.isEmpty()) {
                    clear(own); // the task flushed its plug: everything in it went down
                }
                Integer holder = owners.remove(key(e.device(), e.sector()));
                if (holder != null) {
                    Task t = tasks.get(holder);
                    if (t != null) {
                        t.plugged.remove(key(e.device(), e.sector()));
                    }
                }
            }
            case UNPLUG_IO, UNPLUG_TIMER -> {
                Task t = tasks.get(e.pid());
                if (t != null) {
                    clear(t);
                }
            }
            default -> {
            }
        }
    }

    /** Whether task {@code pid}'s plug held a request at {@code now} (trace time). */
    boolean holds(int pid, long now) {
        Task t = tasks.get(pid);
        if (t == null || t.plugged.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<Long, Long>> it = t.plugged.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> p = it.next();
            if (now - p.getValue() > STALE_NS) {
                owners.remove(p.getKey());
                it.remove();
            }
        }
        return !t.plugged.isEmpty();
    }

    /** Task {@code pid}'s state, made on its first request; null once {@value #MAX_TASKS} tasks are followed. */
    private Task task(int pid) {
        Task t = tasks.get(pid);
        if (t == null && tasks.size() < MAX_TASKS) {
            t = new Task();
            tasks.put(pid, t);
        }
        return t;
    }

    private void clear(Task t) {
        t.plugged.keySet().forEach(owners::remove);
        t.plugged.clear();
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }
}
