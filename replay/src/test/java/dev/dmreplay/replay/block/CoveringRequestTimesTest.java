package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A request the kernel did not dispatch as such (the model merged its bios otherwise) takes, on the trace's clock,
 * the time of the kernel's request of its op that held its first sector at about that moment: the same data on the
 * same device then. Off the trace's clock, too far from that moment, or with no such request, it draws from its
 * class.
 */
class CoveringRequestTimesTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private static Bio read(long sector, int sectors) {
        Bio b = new Bio(1);
        b.op = Op.READ;
        b.sector = sector;
        b.sectors = sectors;
        return b;
    }

    private static TraceServiceModel disk() {
        TraceServiceModel.Builder d2c = new TraceServiceModel.Builder();
        d2c.add(TraceServiceModel.opClass(Op.READ), 85248, 768, 470 * US, 50 * MS); // the kernel's merged request
        d2c.add(TraceServiceModel.opClass(Op.READ), 85248, 768, 900 * US, 90 * MS); // the same range, later
        d2c.add(TraceServiceModel.opClass(Op.WRITE), 86016, 512, 2 * MS, 50 * MS);
        for (int i = 0; i < 8; i++) {
            d2c.add(Op.READ, 64, 11_700 * US); // the size class the model's 64-sector requests draw from
        }
        return d2c.build(32);
    }

    @Test
    void aRequestInsideOneTheKernelDispatchedTakesThatRequestsTimeOfTheNearestMoment() {
        TraceServiceModel m = disk();
        long[] now = {51 * MS};
        m.followTraceTime(() -> now[0]);
        SplittableRandom r = new SplittableRandom(7);
        assertThat(m.serviceNanos(read(85504, 64), r)).isEqualTo(470 * US);
        assertThat(m.serviceNanos(read(85504, 64), r)).as("not consumed: another piece of it").isEqualTo(470 * US);
        now[0] = 87 * MS; // within the window of the later one only
        assertThat(m.serviceNanos(read(85300, 32), r)).isEqualTo(900 * US);
    }

    @Test
    void otherwiseTheRequestDrawsFromItsClass() {
        TraceServiceModel m = disk();
        SplittableRandom r = new SplittableRandom(7);
        assertThat(m.serviceNanos(read(85504, 64), r)).as("off the trace's clock").isEqualTo(11_700 * US);
        long[] now = {70 * MS};
        m.followTraceTime(() -> now[0]);
        assertThat(m.serviceNanos(read(85504, 64), r)).as("20 ms from either of the kernel's")
                .isEqualTo(11_700 * US);
        now[0] = 50 * MS;
        assertThat(m.serviceNanos(read(86100, 64), r)).as("a write held that sector, not a read")
                .isEqualTo(11_700 * US);
        assertThat(m.serviceNanos(read(86016, 64), r)).as("just past the read").isEqualTo(11_700 * US);
    }
}
