package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.CategoryV2;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Trace-like events for store tests: rising times, a few devices and sizes, payloads, notes, version 8 records. */
final class RandomEvents {
    private RandomEvents() {
    }

    static List<BlockEvent> of(long seed, int n) {
        Random rnd = new Random(seed);
        List<BlockEvent> events = new ArrayList<>(n);
        long t = 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(5000);
            int kind = rnd.nextInt(20);
            if (kind == 0) {
                // a PROCESS note
                byte[] comm = java.util.Arrays.copyOf(("task" + rnd.nextInt(50)).getBytes(), 16);
                events.add(new BlockEvent(t, 0, 0, 0, Category.NOTIFY, 100 + rnd.nextInt(50), 8 << 20,
                        rnd.nextInt(4), 0, comm));
                continue;
            }
            byte[] pdu = kind == 1 ? ByteBuffer.allocate(16).putInt(253 << 20).putInt(8 << 20)
                    .putLong(rnd.nextLong() >>> 24).array() : kind == 2 ? ByteBuffer.allocate(8).putLong(rnd.nextInt(9)).array()
                    : null;
            int ext = kind == 3 ? CategoryV2.FROM_V2 | rnd.nextInt(4) : 0;
            events.add(new BlockEvent(t, i + 1, rnd.nextLong() >>> 20, rnd.nextInt(64) << 12,
                    0x00100001 + rnd.nextInt(15) | (rnd.nextBoolean() ? Category.READ : Category.WRITE)
                            | (rnd.nextInt(8) == 0 ? Category.SYNC : 0),
                    100 + rnd.nextInt(50), (8 << 20) | (16 * rnd.nextInt(3)), rnd.nextInt(4),
                    rnd.nextInt(50) == 0 ? 65531 : 0, pdu, ext));
        }
        return events;
    }
}
