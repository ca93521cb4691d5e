package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The survey's table of open Qs (for Q→D samples) gives the samples of the plain rule, whatever it logs: every Q
 * replaces an open Q at its sector and is kept while its device has nothing in flight and fewer than
 * {@link TraceSurvey#MAX_OPEN_QUEUES} Qs are open over all devices; a merge or a D closes the Q at its sector.
 * A mapped device's Qs, which never meet a D, fill the bound here, so the disk's later Qs are kept out exactly as
 * the rule says.
 */
class TraceSurveyOpenQueuesTest {
    private static final int DM = (253 << 20);
    private static final int DM2 = (253 << 20) + 1;
    private static final int DISK = (8 << 20);
    private static final int Q = 1;
    private static final int M = 2;
    private static final int D = 7;
    private static final int C = 8;

    private final List<BlockEvent> events = new ArrayList<>();

    private void ev(long t, int action, int category, int dev, long sector) {
        events.add(new BlockEvent(t, events.size(), sector, 4096, category | Category.WRITE | action, 1, dev, 0, 0,
                null));
    }

    /** The plain rule, in boxed maps: the Q→D samples of {@code dev}. */
    private long referenceSamples(int dev) {
        Map<Long, Long> open = new HashMap<>();
        Map<Integer, Integer> inFlight = new HashMap<>();
        Map<Long, Long> dispatched = new HashMap<>();
        long samples = 0;
        for (BlockEvent e : events) {
            long key = ((long) e.device() << 40) ^ e.sector();
            int a = e.action() & 0xffff;
            if (a == Q) {
                open.remove(key);
                if (inFlight.getOrDefault(e.device(), 0) == 0 && open.size() < TraceSurvey.MAX_OPEN_QUEUES) {
                    open.put(key, e.time());
                }
            } else if (a == M) {
                open.remove(key);
            } else if (a == D) {
                dispatched.put(key, e.time());
                if (open.remove(key) != null && e.device() == dev) {
                    samples++;
                }
                inFlight.merge(e.device(), 1, Integer::sum);
            } else if (a == C && dispatched.remove(key) != null) {
                inFlight.merge(e.device(), -1, Integer::sum);
            }
        }
        return samples;
    }

    @Test
    void theSamplesAreThoseOfThePlainRuleAcrossTheBound() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        long t = 0;
        int diskSector = 0;
        // mapped devices' Qs (many repeated sectors: a repeat replaces, it does not add) up to and past the bound,
        // with the disk's own requests in between; merges on the disk now and then
        for (int i = 0; i < 1_400_000; i++) {
            int dev = r.nextInt(2) == 0 ? DM : DM2;
            ev(t++, Q, Category.QUEUE, dev, r.nextInt(2_000_000));
            if (i % 97 == 0) {
                long s = diskSector++ * 8L;
                ev(t++, Q, Category.QUEUE, DISK, s);
                if (i % 291 == 0) {
                    ev(t++, M, Category.QUEUE, DISK, s);
                } else {
                    ev(t++, D, Category.ISSUE, DISK, s);
                    ev(t++, C, Category.COMPLETE, DISK, s);
                }
            }
        }
        long want = referenceSamples(DISK);
        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        assertThat(s.devices.get(DISK).q2d.total()).isEqualTo(want);
        // the bound was reached: some of the disk's Qs were kept out, not all
        long diskQueues = s.devices.get(DISK).queues;
        long merged = events.stream().filter(e -> e.device() == DISK && (e.action() & 0xffff) == M).count();
        assertThat(want).isLessThan(diskQueues - merged).isPositive();
    }

    @Test
    void loggedQueuesThatReplacedEarlierOnesDoNotCountAgainstTheBound() throws Exception {
        // exactly as many Qs on a mapped device as the bound, a tenth of them at a sector queued before: 90 % of
        // the bound is open, so the disk's Qs that follow are kept and sampled
        long t = 0;
        ev(t++, Q, Category.QUEUE, DISK, 1 << 20); // the disk has had a D before: its Qs go to its table
        ev(t++, D, Category.ISSUE, DISK, 1 << 20);
        ev(t++, C, Category.COMPLETE, DISK, 1 << 20);
        for (int i = 0; i < TraceSurvey.MAX_OPEN_QUEUES; i++) {
            ev(t++, Q, Category.QUEUE, DM, i % 10 == 9 ? i - 1 : i);
        }
        for (int i = 0; i < 100; i++) {
            ev(t++, Q, Category.QUEUE, DISK, i * 8L);
            ev(t++, D, Category.ISSUE, DISK, i * 8L);
            ev(t++, C, Category.COMPLETE, DISK, i * 8L);
        }
        assertThat(referenceSamples(DISK)).isEqualTo(101);
        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        assertThat(s.devices.get(DISK).q2d.total()).isEqualTo(101);
    }

    @Test
    void queuesPastTheBoundStayOutWhenMergesOpenRoomLater() throws Exception {
        // 1000 Qs on the mapped device past the bound are kept out; 500 merges there later leave room for the
        // disk's Qs (a request-based mapped device merges): had the 1000 been kept, there would be none
        long t = 0;
        ev(t++, Q, Category.QUEUE, DISK, 1 << 30);
        ev(t++, D, Category.ISSUE, DISK, 1 << 30);
        ev(t++, C, Category.COMPLETE, DISK, 1 << 30);
        for (int i = 0; i < TraceSurvey.MAX_OPEN_QUEUES + 1000; i++) {
            ev(t++, Q, Category.QUEUE, DM, i);
        }
        for (int i = 0; i < 500; i++) {
            ev(t++, M, Category.QUEUE, DM, i);
        }
        for (int i = 0; i < 100; i++) {
            ev(t++, Q, Category.QUEUE, DISK, i * 8L);
            ev(t++, D, Category.ISSUE, DISK, i * 8L);
            ev(t++, C, Category.COMPLETE, DISK, i * 8L);
        }
        assertThat(referenceSamples(DISK)).isEqualTo(101);
        TraceSurvey s = TraceSurvey.scan(EventSource.of(events), Set.of());
        assertThat(s.devices.get(DISK).q2d.total()).isEqualTo(101);
    }
}
