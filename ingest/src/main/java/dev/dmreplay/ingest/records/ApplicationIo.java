package dev.dmreplay.ingest.records;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the application's I/O apart from the I/O the block layer made of it, in a blktrace of a whole stack:
 * a Q on a lower device that follows an {@code A} (a remap by device-mapper or a partition: the A names the lower
 * device and sector, {@code blk_add_trace_bio_remap()}) is the same I/O again, and so is a Q of the remainder of
 * a split ({@code X}, whose payload is the remainder's sector) where the kernel queues the remainder anew. Both
 * are matched once and expire after {@link #EXPIRY_NS} of trace time, so a later, unrelated Q at the same sector
 * is counted as application I/O.
 */
public final class ApplicationIo {
    /** How long a remap or split waits for its Q. */
    public static final long EXPIRY_NS = 1_000_000_000L;

    private record Key(int device, long sector) {
    }

    private record Pending(Key key, long time) {
    }

    private final Map<Key, Integer> expected = new HashMap<>();
    private final ArrayDeque<Pending> byTime = new ArrayDeque<>();

    /** Whether {@code e} is a Q of the application (not a remapped or split-off copy); updates the state. */
    public boolean isApplicationQueue(BlockEvent e) {
        expire(e.time());
        Action a = e.kind();
        if (a == Action.REMAP && e.pdu().length >= 16) {
            expect(new Key(e.device(), e.sector()), e.time());
            return false;
        }
        if (a == Action.SPLIT && e.pdu().length >= 8) {
            expect(new Key(e.device(), e.pduU64()), e.time());
            return false;
        }
        if (a != Action.QUEUE || e.isNotify() || e.isPc()) {
            return false;
        }
        Key k = new Key(e.device(), e.sector());
        Integer n = expected.get(k);
        if (n == null) {
            return true;
        }
        if (n == 1) {
            expected.remove(k);
        } else {
            expected.put(k, n - 1);
        }
        return false;
    }

    private void expect(Key k, long time) {
        expected.merge(k, 1, Integer::sum);
        byTime.addLast(new Pending(k, time));
    }

    private void expire(long now) {
        while (!byTime.isEmpty() && now - byTime.peekFirst().time() > EXPIRY_NS) {
            Key k = byTime.pollFirst().key();
            Integer n = expected.get(k);
            if (n != null) {
                if (n <= 1) {
                    expected.remove(k);
                } else {
                    expected.put(k, n - 1);
                }
            }
        }
    }
}
