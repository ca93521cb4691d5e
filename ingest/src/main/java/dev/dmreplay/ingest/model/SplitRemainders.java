package dev.dmreplay.ingest.model;

import dev.dmreplay.ingest.util.LongLongMap;

/**
 * Tells a split remainder that is queued again from a new bio. Kernels before v5.x resubmit the remainder of a
 * split ({@code X} record, payload = the remainder's sector) through {@code generic_make_request}, so the
 * splitting task's next {@code Q} on that device is the remainder; v6.1 never queues a remainder again
 * ({@code submit_bio_noacct} traces a bio's {@code Q} only once, block/blk-core.c). So only the splitting task's
 * very next {@code Q} on that device, at the remainder's sector, is taken for a remainder; any other {@code Q} of
 * that task on that device ends the wait. A set of split sectors that never expires would take a later,
 * unrelated bio at such a sector for a remainder.
 *
 * <p>Every {@code Q} asks, so the table is a primitive map: no boxed key per {@code Q} and no boxed sector per
 * {@code X}.
 */
public final class SplitRemainders {
    private final LongLongMap pending = new LongLongMap();

    /** An {@code X} record. */
    public void split(BlockEvent x) {
        if (x.pdu().length >= 8) {
            pending.put(key(x.device(), x.pid()), x.pduU64());
        }
    }

    /** A {@code Q} record: whether it is the remainder of its task's last split on that device. */
    public boolean isRemainder(BlockEvent q) {
        if (pending.isEmpty()) {
            return false;
        }
        int slot = pending.find(key(q.device(), q.pid()));
        if (slot == -1) {
            return false;
        }
        long s = pending.valueAt(slot);
        pending.removeAt(slot);
        return s == q.sector();
    }

    private static long key(int device, int pid) {
        return ((long) device << 32) | (pid & 0xffffffffL);
    }
}
