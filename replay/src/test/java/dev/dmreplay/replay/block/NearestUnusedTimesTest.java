package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordedTimes.Cursor#nearestUnused}: the kernel's times of one key, each taken once, by the request nearest
 * on the trace's clock. The case it is for: kdmflush's delay before it resubmits a flushed bio's data
 * ({@code dm_io_complete} → {@code queue_io}, drivers/md/dm.c v6.1), learnt per upper sector, where a dm-snapshot's
 * exception-store commits write the same metadata area hundreds of times.
 */
class NearestUnusedTimesTest {
    private static final long MS = 1_000_000L;
    private static final long STALE = 20 * MS;

    /** The kernel's commits of one key at 10, 20, ... ms; the i-th took {@code times[i]}. */
    private static RecordedTimes.Cursor kernel(long... times) {
        RecordedTimes t = new RecordedTimes();
        for (int i = 0; i < times.length; i++) {
            t.add(1, 32, 32, times[i], (i + 1) * 10 * MS);
        }
        return t.cursor();
    }

    @Test
    void aModelKeepingPaceWithTheKernelTakesItsTimesInOrder() {
        RecordedTimes.Cursor c = kernel(100, 200, 300);
        assertThat(c.nearestUnused(1, 32, 32, 10 * MS + 400_000, STALE)).isEqualTo(100);
        assertThat(c.nearestUnused(1, 32, 32, 20 * MS - 300_000, STALE)).isEqualTo(200);
        assertThat(c.nearestUnused(1, 32, 32, 30 * MS + 900_000, STALE)).isEqualTo(300);
        assertThat(c.nearestUnused(1, 32, 32, 40 * MS, STALE)).isEqualTo(RecordedTimes.ABSENT);
    }

    @Test
    void aModelThatCommittedLessOftenTakesTheTimeOfItsOwnMoment() {
        // the n-th in order would hand the model's first commit, at 30 ms, the kernel's first delay (1.5 ms)
        RecordedTimes.Cursor c = kernel(1_500_000, 70_000, 60_000, 65_000);
        assertThat(c.nearestUnused(1, 32, 32, 30 * MS + 100_000, STALE)).isEqualTo(60_000);
        // at 41 ms the kernel's commit at 40 ms is nearest; those at 10 and 20 ms, more than 20 ms before and with
        // a later one left, are passed over for good: the model made fewer commits than the kernel by then
        assertThat(c.nearestUnused(1, 32, 32, 41 * MS, STALE)).isEqualTo(65_000);
        assertThat(c.nearestUnused(1, 32, 32, 42 * MS, STALE)).isEqualTo(RecordedTimes.ABSENT);
    }

    @Test
    void aLongDelayGoesToOneRequestOnlyNotToEveryOneNearIt() {
        RecordedTimes.Cursor c = kernel(5 * MS, 50_000);
        assertThat(c.nearestUnused(1, 32, 32, 10 * MS, STALE)).isEqualTo(5 * MS);
        assertThat(c.nearestUnused(1, 32, 32, 10 * MS + 100_000, STALE)).isEqualTo(50_000);
        assertThat(c.nearestUnused(1, 32, 32, 10 * MS + 200_000, STALE)).isEqualTo(RecordedTimes.ABSENT);
        // other keys have their own times
        assertThat(c.nearestUnused(1, 64, 32, 10 * MS, STALE)).isEqualTo(RecordedTimes.ABSENT);
    }

    @Test
    void itAgreesWithAPlainListOnRandomArrivals() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            RecordedTimes t = new RecordedTimes();
            List<long[]> ref = new ArrayList<>(); // {moment, time, taken 0/1}
            long moment = 0;
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                moment += rnd.nextLong(8 * MS);
                long time = rnd.nextLong(1, 3 * MS);
                t.add(2, 2064, 8, time, moment);
                ref.add(new long[] {moment, time, 0});
            }
            RecordedTimes.Cursor c = t.cursor();
            long now = 0;
            for (int q = 0; q < n + 5; q++) {
                now += rnd.nextLong(10 * MS);
                assertThat(c.nearestUnused(2, 2064, 8, now, STALE)).as("round %d, request %d", round, q)
                        .isEqualTo(reference(ref, now));
            }
        }
    }

    /** The same rule over a list: drop stale untaken times from the front while a later one is left, then nearest. */
    private static long reference(List<long[]> ref, long now) {
        int first = -1;
        for (int i = 0; i < ref.size(); i++) {
            if (ref.get(i)[2] == 0) {
                boolean laterLeft = false;
                for (int j = i + 1; j < ref.size(); j++) {
                    laterLeft |= ref.get(j)[2] == 0;
                }
                if (ref.get(i)[0] < now - STALE && laterLeft) {
                    ref.get(i)[2] = 2; // passed over for good
                    continue;
                }
                first = i;
                break;
            }
        }
        if (first < 0) {
            return RecordedTimes.ABSENT;
        }
        int before = -1;
        int after = -1;
        for (int i = first; i < ref.size(); i++) {
            if (ref.get(i)[2] != 0) {
                continue;
            }
            if (ref.get(i)[0] <= now) {
                before = i;
            } else {
                after = i;
                break;
            }
        }
        int pick = before < 0 ? after
                : after >= 0 && ref.get(after)[0] - now < now - ref.get(before)[0] ? after : before;
        ref.get(pick)[2] = 1;
        return ref.get(pick)[1];
    }
}
