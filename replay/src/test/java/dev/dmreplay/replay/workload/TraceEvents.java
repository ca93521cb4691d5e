package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.BlockEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A hand-written blktrace event stream for survey tests: queue, complete and remap records in order. */
final class TraceEvents {
    /** blktrace action codes ({@code __BLK_TA_QUEUE}, {@code __BLK_TA_COMPLETE}, {@code __BLK_TA_REMAP}). */
    static final int Q = 1;
    static final int C = 8;
    static final int A = 15;

    private final List<BlockEvent> events = new ArrayList<>();

    /** A record of {@code action} and {@code category} on {@code device}. */
    void ev(long t, int device, int action, int category, long sector, int sectors) {
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | action, 1, device, 0, 0, null));
    }

    /** An {@code A} on {@code lower} of a bio remapped from {@code from} on {@code upper}. */
    void remap(long t, int category, int upper, int lower, long sector, int sectors, long from) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(upper).putInt(lower).putLong(from);
        events.add(new BlockEvent(t, events.size(), sector, sectors * 512, category | A, 1, lower, 0, 0,
                pdu.array()));
    }

    List<BlockEvent> list() {
        return events;
    }
}
