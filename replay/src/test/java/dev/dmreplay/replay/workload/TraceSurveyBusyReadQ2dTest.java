package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A disk the stack keeps busy with its own I/O (kcopyd's copy reads under a snapshot) still shows what a read
 * through the stack costs from its Q to its D: the survey keeps that Q→D for a read remapped onto the disk from an
 * upper device when no completion came in between (it did not wait for a tag), and, as before, for any request
 * queued with nothing in flight. The disk's own reads queued while it is busy, and reads that met a completion
 * before their D, give no sample.
 */
class TraceSurveyBusyReadQ2dTest {
    private static final int SNAP = (253 << 20) | 4;
    private static final int VDA = 254 << 20;
    private static final int Q = 1;
    private static final int D = 7;
    private static final int C = 8;
    private static final int A = 15;
    private static final long US = 1_000L;

    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int device, int action, int category, long sector) {
        events.add(new BlockEvent(t, events.size(), sector, 8 * 512, category | Category.READ | action, 1, device, 0,
                0, null));
    }

    private void remap(long t, long sector) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(SNAP).putInt(VDA).putLong(sector);
        events.add(new BlockEvent(t, events.size(), sector, 8 * 512, Category.READ | A, 1, VDA, 0, 0, pdu.array()));
    }

    private void appRead(long t, long sector) {
        ev(t, SNAP, Q, Category.QUEUE, sector);
        remap(t + 5 * US, sector);
        ev(t + 6 * US, VDA, Q, Category.QUEUE, sector);
    }

    @Test
    void aReadThroughTheStackKeepsItsQ2dOnABusyDisk() throws Exception {
        ev(0, VDA, Q, Category.QUEUE, 1000);               // the stack's own read, disk idle: 5 us
        ev(5 * US, VDA, D, Category.ISSUE, 1000);
        appRead(100 * US, 78112);                          // busy, through the stack: 6 us
        ev(112 * US, VDA, D, Category.ISSUE, 78112);
        ev(200 * US, VDA, Q, Category.QUEUE, 5000);        // busy, the stack's own: no sample
        ev(300 * US, VDA, D, Category.ISSUE, 5000);
        appRead(400 * US, 60888);                          // busy, through the stack, but a completion came first
        ev(450 * US, VDA, C, Category.COMPLETE, 1000);
        ev(700 * US, VDA, D, Category.ISSUE, 60888);

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of(SNAP));
        TraceSurvey.DeviceSurvey vda = s.devices.get(VDA);
        assertThat(vda.q2d.total()).isEqualTo(2);
        assertThat(draw(vda, 78112)).isEqualTo(6 * US);
        assertThat(draw(vda, 1000)).isEqualTo(5 * US);
    }

    private static long draw(TraceSurvey.DeviceSurvey d, long sector) {
        Bio b = new Bio(1);
        b.op = Op.READ;
        b.sector = sector;
        b.sectors = 8;
        return d.q2d.build(1).serviceNanos(b, new SplittableRandom(1));
    }
}
