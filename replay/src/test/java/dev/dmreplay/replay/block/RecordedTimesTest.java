package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordedTimesTest {
    @Test
    void eachRequestTakesItsTimesInArrivalOrderLikeAMapOfQueues() {
        RecordedTimes t = new RecordedTimes();
        Map<List<Long>, ArrayDeque<Long>> expected = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            int op = rnd.nextInt(3);
            long sector = rnd.nextInt(2_000) * 8L;
            int sectors = 8 << rnd.nextInt(3);
            long ns = rnd.nextLong(1_000_000) - 10; // a few negative times are kept as they are
            t.add(op, sector, sectors, ns);
            expected.computeIfAbsent(List.of((long) op, sector, (long) sectors), k -> new ArrayDeque<>()).add(ns);
        }
        assertThat(t.size()).isEqualTo(50_000);
        RecordedTimes.Cursor c = t.cursor();
        expected.forEach((k, q) -> {
            for (long ns : q) {
                assertThat(c.poll((int) (long) k.get(0), k.get(1), (int) (long) k.get(2))).isEqualTo(ns);
            }
            assertThat(c.poll((int) (long) k.get(0), k.get(1), (int) (long) k.get(2))).isEqualTo(RecordedTimes.ABSENT);
        });
        assertThat(c.poll(0, 7, 8)).isEqualTo(RecordedTimes.ABSENT);
    }

    @Test
    void cursorsConsumeIndependentlyAndAFrozenCopyIgnoresLaterAppends() {
        RecordedTimes t = new RecordedTimes();
        t.add(1, 64, 8, 100);
        t.add(1, 64, 8, 200);
        RecordedTimes frozen = t.frozenCopy();
        t.add(1, 64, 8, 300);
        RecordedTimes.Cursor a = frozen.cursor();
        RecordedTimes.Cursor b = frozen.cursor();
        assertThat(a.poll(1, 64, 8)).isEqualTo(100);
        assertThat(a.poll(1, 64, 8)).isEqualTo(200);
        assertThat(a.poll(1, 64, 8)).isEqualTo(RecordedTimes.ABSENT);
        assertThat(b.poll(1, 64, 8)).isEqualTo(100);
        assertThat(b.poll(0, 64, 8)).as("another op class").isEqualTo(RecordedTimes.ABSENT);
        assertThat(b.poll(1, 64, 16)).as("another size").isEqualTo(RecordedTimes.ABSENT);
    }

    @Test
    void twoModelsBuiltFromOneBuilderEachReplayTheRecordedTimes() {
        TraceServiceModel.Builder builder = new TraceServiceModel.Builder();
        builder.add(Op.WRITE, 64, 8, 111);
        builder.add(Op.WRITE, 64, 8, 222);
        TraceServiceModel m1 = builder.build(8);
        TraceServiceModel m2 = builder.build(8);
        Bio bio = new Bio(1);
        bio.op = Op.WRITE;
        bio.sector = 64;
        bio.sectors = 8;
        SplittableRandom r = new SplittableRandom(1);
        assertThat(m1.serviceNanos(bio, r)).isEqualTo(111);
        assertThat(m1.serviceNanos(bio, r)).isEqualTo(222);
        assertThat(m2.serviceNanos(bio, r)).isEqualTo(111);
        // the models share the builder's table until it appends again: the append copies, the models do not see it
        builder.add(Op.WRITE, 64, 8, 333);
        TraceServiceModel m3 = builder.build(8);
        assertThat(m2.serviceNanos(bio, r)).isEqualTo(222);
        assertThat(m2.serviceNanos(bio, r)).as("m2 was built before the third time").isNotEqualTo(333);
        assertThat(m3.serviceNanos(bio, r)).isEqualTo(111);
        assertThat(m3.serviceNanos(bio, r)).isEqualTo(222);
        assertThat(m3.serviceNanos(bio, r)).isEqualTo(333);
        // the bound: at most MAX_RECORDED requests are recorded, the rest only join their class's samples
        TraceServiceModel.Builder full = new TraceServiceModel.Builder();
        for (int i = 0; i < TraceServiceModel.MAX_RECORDED + 10; i++) {
            full.add(Op.READ, i * 8L, 8, 5);
        }
        assertThat(full.recordedRequests()).isEqualTo(TraceServiceModel.MAX_RECORDED);
    }
    @Test
    void aRequestArrivingPastTheBoundKeepsOnlyTheTimesRecordedBeforeIt() {
        TraceServiceModel.Builder builder = new TraceServiceModel.Builder();
        builder.add(Op.WRITE, 0, 8, 1_000); // recorded: the key's first time
        for (int i = 1; i < TraceServiceModel.MAX_RECORDED; i++) {
            builder.add(Op.WRITE, i * 8L, 8, 5);
        }
        builder.add(Op.WRITE, 0, 8, 2_000); // past the bound: a class sample only, not the key's second time
        assertThat(builder.recordedRequests()).isEqualTo(TraceServiceModel.MAX_RECORDED);
        TraceServiceModel m = builder.build(8);
        Bio bio = new Bio(1);
        bio.op = Op.WRITE;
        bio.sector = 0;
        bio.sectors = 8;
        SplittableRandom r = new SplittableRandom(7);
        assertThat(m.serviceNanos(bio, r)).isEqualTo(1_000);
        // the second arrival draws from the 4 KiB write samples (seeded): 5 unless it lands on one of the two others
        long second = m.serviceNanos(bio, r);
        assertThat(second).isIn(5L, 1_000L, 2_000L);
        assertThat(second).as("seed 7 draws an ordinary sample").isEqualTo(5L);
    }
}
