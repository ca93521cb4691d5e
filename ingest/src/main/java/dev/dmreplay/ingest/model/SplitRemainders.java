package dev.dmreplay.ingest.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells a split remainder that is queued again from a new bio. Kernels before v5.x resubmit the remainder of a
 * split ({@code X} record, payload = the remainder's sector) through {@code generic_make_request}, so the
 * splitting task's next {@code Q} on that device is the remainder; v6.1 never queues a remainder again
 * ({@code submit_bio_noacct} traces a bio's {@code Q} only once, block/blk-core.c). So only the splitting task's
 * very next {@code Q} on that device, at the remainder's sector, is taken for a remainder; any other {@code Q} of
 * that task on that device ends the wait. A set of split sectors that never expires would take a later,
 * unrelated bio at such a sector for a remainder.
 */
public final class SplitRemainders {
    private final Map<Long, Long> pending = new HashMap<>();

    /** An {@code X} record. */
    public void split(BlockEvent x) {
        if (x.pdu().length >= 8) {
            pending.put(key(x.device(), x.pid()), x.pduU64());
        }
    }

    /** A {@code Q} record: whether it is the remainder of its task's last split on that device. */
    public boolean isRemainder(BlockEvent q) {
        Long s = pending.remove(key(q.device(), q.pid()));
        return s != null && s == q.sector();
    }

    private static long key(int device, int pid) {
        return ((long) device << 32) | (pid & 0xffffffffL);
    }
}
