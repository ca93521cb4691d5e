package dev.dmreplay.ingest.records;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Turns whole-I/O records into canonical events in time order: each record becomes a Q event
 * ({@code BLK_TA_QUEUE}) and, where the format has a response time, also a C event ({@code BLK_TA_COMPLETE}) at
 * Q + response time. pid and cpu are 0; sequence numbers count events per device from 1; times are relative to
 * the earliest record.
 *
 * <p>Published traces are nearly, not strictly, sorted, so records pass through a reorder window: an event is
 * released once a record at least {@code window} ns later has been added. A record older than an event already
 * released is refused ({@link #tooLate}); ties keep insertion order (Q before its C). Memory holds the records of
 * one window (at most {@link #MAX_BUFFERED}).
 */
public final class IoRecordStream {

    /** Default reorder window: one second of trace time. */
    public static final long DEFAULT_WINDOW_NS = 1_000_000_000L;
    /** Most events held for reordering. */
    public static final int MAX_BUFFERED = 1 << 22;

    private record Pending(long time, long order, boolean complete, IoRecord rec) {
    }

    private static final Comparator<Pending> ORDER = (a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
            : Long.compare(a.order, b.order);

    private final long window;
    /** Arrivals: nearly sorted, kept by insertion. */
    private final ReorderBuffer<Pending> arrivals = new ReorderBuffer<>(ORDER);
    /** Completions: arrival + response time, far from arrival order, kept in a heap of in-flight I/Os. */
    private final PriorityQueue<Pending> completions = new PriorityQueue<>(ORDER);
    private final Map<DevNo, int[]> sequences = new HashMap<>();
    private long order;
    private long maxSeen = Long.MIN_VALUE;
    private long lastReleased = Long.MIN_VALUE;
    private long origin = Long.MIN_VALUE;

    public IoRecordStream(long window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0");
        }
        this.window = window;
    }

    public long window() {
        return window;
    }

    /** By how many ns {@code r} is older than an event already released (0 when it is in time). */
    public long tooLate(IoRecord r) {
        return r.time() < lastReleased ? lastReleased - r.time() : 0;
    }

    /** Whether the buffer is full ({@link #add} would exceed {@link #MAX_BUFFERED}). */
    public boolean full() {
        return arrivals.size() + completions.size() >= MAX_BUFFERED;
    }

    public void add(IoRecord r) {
        maxSeen = Math.max(maxSeen, r.time());
        arrivals.add(new Pending(r.time(), order++, false, r));
        if (r.responseNs() >= 0) {
            completions.add(new Pending(r.time() + r.responseNs(), order++, true, r));
        }
    }

    /**
     * The next event whose time is settled (all input read when {@code eof}), or null when more input is
     * needed (or, at eof, when everything was released).
     */
    public BlockEvent poll(boolean eof) {
        Pending a = arrivals.peek();
        Pending c = completions.peek();
        Pending head = a == null ? c : c == null ? a : ORDER.compare(a, c) <= 0 ? a : c;
        if (head == null || !(eof || head.time <= maxSeen - window)) {
            return null;
        }
        if (head == a) {
            arrivals.poll();
        } else {
            completions.poll();
        }
        return release(head);
    }

    private BlockEvent release(Pending p) {
        if (origin == Long.MIN_VALUE) {
            origin = p.time;
        }
        lastReleased = p.time; // released in time order
        IoRecord r = p.rec;
        int seq = ++sequences.computeIfAbsent(r.device(), d -> new int[1])[0];
        int action = p.complete ? Action.COMPLETE.code() | Category.COMPLETE | r.op().categories()
                : Action.QUEUE.code() | Category.QUEUE | r.op().categories();
        return new BlockEvent(p.time - origin, seq, r.sector(), (int) r.bytes(), action, 0, r.device().kernel(), 0, 0,
                BlockEvent.NO_PDU);
    }
}
