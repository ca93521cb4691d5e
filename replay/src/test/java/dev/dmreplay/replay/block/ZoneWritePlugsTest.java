package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The zone state of a host-managed zoned disk (block/blk-zoned.c): write pointers, and plugs that hold FIFO. */
class ZoneWritePlugsTest {
    private static Bio write(long sector, int sectors) {
        Bio b = new Bio(sector * 1000 + sectors);
        b.op = Op.WRITE;
        b.sector = sector;
        b.sectors = sectors;
        return b;
    }

    @Test
    void aWriteMustStartAtItsZonesPointerAndStayInTheZone() {
        ZoneWritePlugs z = new ZoneWritePlugs(100);
        assertThat(z.prepare(write(0, 40))).isTrue();
        assertThat(z.prepare(write(60, 10))).as("ahead of the pointer (40)").isFalse();
        assertThat(z.prepare(write(40, 10))).isTrue();
        assertThat(z.prepare(write(0, 10))).as("behind the pointer").isFalse();
        assertThat(z.prepare(write(50, 60))).as("crosses into the next zone").isFalse();
        assertThat(z.prepare(write(100, 10))).as("zone 1 is empty, its own pointer").isTrue();
        assertThat(z.sectorsToZoneEnd(130)).isEqualTo(70);
        assertThatThrownBy(() -> new ZoneWritePlugs(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPluggedZoneHoldsWritesInArrivalOrderAndUnplugsWhenEmpty() {
        ZoneWritePlugs z = new ZoneWritePlugs(100);
        Bio first = write(0, 10);
        assertThat(z.hold(first)).as("an idle zone lets the write go").isFalse();
        z.plug(first);
        Bio late = write(20, 10);
        Bio early = write(10, 10);
        Bio other = write(100, 10);
        assertThat(z.hold(late)).isTrue();
        assertThat(z.hold(early)).isTrue();
        assertThat(z.hold(other)).as("another zone is not plugged").isFalse();
        // FIFO: the held writes come back as they arrived, not sorted by sector
        assertThat(z.next(0)).isSameAs(late);
        assertThat(z.next(0)).isSameAs(early);
        assertThat(z.next(0)).isNull();
        assertThat(z.hold(write(30, 10))).as("unplugged once its list ran empty").isFalse();
    }
}
