package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * md raid1 under dm-raid clones and submits each leg's bio itself and leaves no remap record, so the map path's
 * CPU time of the raid device cannot be learnt from Q→A. The survey takes it from the raid device's Q to the next Q
 * the same task queued on a leg (about 50 us on the captured kernel, which the model left out: raid1 writes were
 * 0.85 of the kernel's Q2C at the median).
 */
class TraceSurveyOwnIssueCpuTest {
    private static final int R1 = (253 << 20) | 4;
    private static final int VDA = (254 << 20);
    private static final int VDB = (254 << 20) | 16;
    private static final int Q = 1;
    private static final long US = 1_000L;

    private final List<BlockEvent> events = new ArrayList<>();

    private void q(long t, int device, long sector, int pid) {
        events.add(new BlockEvent(t, events.size(), sector, 4096, Category.WRITE | Category.QUEUE | Q, pid, device,
                0, 0, null));
    }

    @Test
    void theGapToTheSameTasksFirstLegQueueIsTheRaidDevicesIssueTime() throws Exception {
        q(0, R1, 100, 7);
        q(48 * US, VDA, 2148, 7);    // first leg: 48 us
        q(60 * US, VDB, 2148, 7);    // second leg: not a new sample
        q(100 * US, R1, 200, 8);
        q(130 * US, VDA, 9999, 9);   // another task's I/O (a resync thread): not this bio's
        q(152 * US, VDA, 2248, 8);   // 52 us
        q(3000 * US, R1, 300, 7);
        q(5000 * US, VDA, 2348, 7);  // 2 ms later: not the same submission

        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of(R1));
        TraceSurvey.DeviceSurvey r1 = s.devices.get(R1);
        assertThat(r1.ownIssueCpu.total()).isEqualTo(2);
        assertThat(r1.mapCpu.total()).isZero();
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = 0;
        b.sectors = 8;
        assertThat(r1.ownIssueCpu.build(1).serviceNanos(b, new SplittableRandom(1))).isIn(48 * US, 52 * US);
    }
}
