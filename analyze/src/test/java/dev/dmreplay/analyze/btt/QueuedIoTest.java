package dev.dmreplay.analyze.btt;

import static dev.dmreplay.analyze.btt.Ev.DM0;
import static dev.dmreplay.analyze.btt.Ev.SDA;
import static dev.dmreplay.analyze.btt.Ev.ev;
import static dev.dmreplay.analyze.btt.Ev.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact queued bio: computed end, request times and layer link made only when a record needs them. */
class QueuedIoTest {

    @Test
    void aFreshBioHasNoRequestTimesAndItsEndIsComputedFromUnsignedBytes() {
        BttDevice dev = new BttDevice(SDA, 0);
        QueuedIo q = new QueuedIo(10, 1000, 4096, dev, null);
        assertThat(q.end()).isEqualTo(1008);
        assertThat(q.gTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.iTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.mTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.dTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.sTime()).isZero();
        assertThat(q.layerOrNull()).isNull();
        // a 4 GiB - 512 discard: bytes does not fit a signed int
        QueuedIo big = new QueuedIo(10, 0, (int) 0xffff_fe00L, dev, null);
        assertThat(big.end()).isEqualTo(0x7f_ffffL);
    }

    @Test
    void settingOneRequestTimeLeavesTheOthersUnset() {
        QueuedIo q = new QueuedIo(10, 0, 512, new BttDevice(SDA, 0), null);
        q.times().d = 55;
        assertThat(q.dTime()).isEqualTo(55);
        assertThat(q.gTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.iTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(q.sTime()).isZero();
    }

    @Test
    void aSplitDmBioLeftQueuedByBttCarriesNoSideObjects() {
        // btt's pairing: the whole-bio Q on dm-0 never matches the completion of its last fragment and stays
        BttEngine e = new BttEngine(SampleSink.NONE, 1000);
        e.attributeLayers(false);
        List.of(q(100, DM0, 0, 16), ev('C', 300, DM0, 8, 8, 0)).forEach(e::accept);
        QueuedIo stale = e.devices().get(0).qTree.root();
        assertThat(stale.sector).isZero();
        assertThat(stale.layerOrNull()).isNull();
        assertThat(stale.dTime()).isEqualTo(QueuedIo.UNSET);
        assertThat(e.inFlight()).isEqualTo(1);
    }

    @Test
    void sleepThenGetRequestGivesS2gOnlyAfterAnS() {
        BttEngine e = new BttEngine(SampleSink.NONE, 1000);
        List.of(q(100, SDA, 0, 8), ev('S', 150, SDA, 0, 8, 100), ev('G', 400, SDA, 0, 8, 100),
                q(500, SDA, 64, 8), ev('G', 600, SDA, 64, 8, 100)).forEach(e::accept);
        assertThat(e.all().get(Interval.S2G).n()).isEqualTo(1);
        assertThat(e.all().get(Interval.S2G).total()).isEqualTo(250);
        assertThat(e.all().get(Interval.Q2G).n()).isEqualTo(2);
    }
}
