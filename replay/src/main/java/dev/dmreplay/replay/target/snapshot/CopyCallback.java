package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.Map;

/**
 * {@code copy_callback()} on the kcopyd worker (drivers/md/dm-snap.c, v4.15–v6.1): exceptions complete in the
 * order they were created ({@code exception_sequence}); one that finishes early waits in
 * {@code out_of_order_tree} until its predecessors are done. Each in-order exception goes to
 * {@code complete_exception()} → the store's {@code commit_exception(..., pending_complete, pe)}. From v5.3 the
 * callback ends with {@code up(&s->cow_count)}.
 */
final class CopyCallback extends Frame {
    private final DmSnapshot s;
    private final PendingException pe;

    /** {@code copy_callback()}, v4.15–v6.1: in sequence: {@code complete_exception(pe)}; else out of order. */
    private static final int IN_SEQUENCE = 0;
    /** {@code copy_callback()}, v4.15–v6.1: the next exception of {@code out_of_order_tree}, if now in sequence. */
    private static final int DRAIN_OUT_OF_ORDER = 1;
    /** {@code copy_callback()}, v4.15–v6.1: {@code up(&s->cow_count)} (v5.3+ only), return. */
    private static final int UP_COW_COUNT = 2;

    CopyCallback(DmSnapshot s, PendingException pe) {
        this.s = s;
        this.pe = pe;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case IN_SEQUENCE -> {
                    if (pe.sequence != s.completeSequence) {
                        s.outOfOrder.put(pe.sequence, pe);
                        pc = UP_COW_COUNT;
                        continue;
                    }
                    s.completeSequence++;
                    pc = DRAIN_OUT_OF_ORDER;
                    Frame f = completeException(t, pe);
                    if (f != null) {
                        return t.call(f);
                    }
                }
                case DRAIN_OUT_OF_ORDER -> {
                    Map.Entry<Long, PendingException> next = s.outOfOrder.firstEntry();
                    if (next == null || next.getKey() != s.completeSequence) {
                        pc = UP_COW_COUNT;
                        continue;
                    }
                    s.outOfOrder.pollFirstEntry();
                    s.completeSequence++;
                    Frame f = completeException(t, next.getValue());
                    if (f != null) {
                        return t.call(f);
                    }
                }
                case UP_COW_COUNT -> {
                    if (s.cowCount != null) {
                        s.cowCount.up(t);
                    }
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** {@code complete_exception()}: the store commits; {@code pending_complete} runs when it says so. */
    private Frame completeException(Task t, PendingException p) {
        return s.store.commitException(t, p, !p.copyError, ok -> new PendingComplete(s, p, ok));
    }

    @Override
    public String function() {
        return "copy_callback(" + s.name + ")";
    }
}
